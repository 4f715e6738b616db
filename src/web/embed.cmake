# Writes a C++ file holding the templates and static files, so that the one
# binary runs anywhere. Run at build time:
#   cmake -DOUT=embedded_files.cpp -DFILES="a.mustache|b.css" -P embed.cmake
set(content "// Generated from src/web/templates/ and src/web/static/ by src/web/embed.cmake.\n")
string(APPEND content "#include \"web/embedded.h\"\n\nnamespace journeyer::web::embedded {\n\nconst File kFiles[] = {\n")
set(count 0)
string(REPLACE "|" ";" FILES "${FILES}")
foreach(f ${FILES})
  file(READ ${f} text)
  get_filename_component(dir ${f} DIRECTORY)
  get_filename_component(dname ${dir} NAME)
  get_filename_component(name ${f} NAME)
  string(APPEND content "    {\"${dname}/${name}\", R\"JOURNEYER_EMBED(${text})JOURNEYER_EMBED\"},\n")
  math(EXPR count "${count} + 1")
endforeach()
string(APPEND content "};\nconst std::size_t kFileCount = ${count};\n\n}  // namespace journeyer::web::embedded\n")
file(WRITE ${OUT}.tmp "${content}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)

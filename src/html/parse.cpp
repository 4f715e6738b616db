#include "html/parse.h"

#include <gumbo.h>

#include <array>
#include <csetjmp>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace journeyer::html {

namespace {

// ---- Checks before parsing -------------------------------------------------

// The tokenizer states a start tag goes through after its first letter
// (HTML 13.2.5.8 tag name ... 13.2.5.40 self-closing start tag). End means
// the tag is complete.
enum TagState : std::uint8_t {
  kTagName,
  kBeforeAttrName,
  kAttrName,
  kAfterAttrName,
  kBeforeAttrValue,
  kValueDoubleQuoted,
  kValueSingleQuoted,
  kValueUnquoted,
  kAfterValueQuoted,
  kSelfClosing,
  kTagStateCount,
  kEnd = kTagStateCount,
};

enum CharClass : std::uint8_t { kSpace, kSlash, kGt, kEq, kDquote, kSquote, kOther, kClassCount };

constexpr std::array<std::uint8_t, 256> make_classes() {
  std::array<std::uint8_t, 256> c{};
  for (auto& x : c) x = kOther;
  for (unsigned char s : {'\t', '\n', '\f', '\r', ' '}) c[s] = kSpace;
  c['/'] = kSlash;
  c['>'] = kGt;
  c['='] = kEq;
  c['"'] = kDquote;
  c['\''] = kSquote;
  return c;
}
constexpr auto kClasses = make_classes();

struct Step {
  std::uint8_t next;
  std::uint8_t starts_attribute;
};

// The transitions, with "reconsume in state X" folded into the target.
constexpr std::array<std::array<Step, kClassCount>, kTagStateCount> make_steps() {
  std::array<std::array<Step, kClassCount>, kTagStateCount> t{};
  auto set = [&](TagState s, CharClass c, TagState n, bool starts = false) {
    t[s][c] = Step{static_cast<std::uint8_t>(n), static_cast<std::uint8_t>(starts)};
  };
  for (int c = 0; c < kClassCount; ++c) {
    auto cc = static_cast<CharClass>(c);
    set(kTagName, cc, kTagName);
    set(kBeforeAttrName, cc, kAttrName, true);
    set(kAttrName, cc, kAttrName);
    set(kAfterAttrName, cc, kAttrName, true);
    set(kBeforeAttrValue, cc, kValueUnquoted);
    set(kValueDoubleQuoted, cc, kValueDoubleQuoted);
    set(kValueSingleQuoted, cc, kValueSingleQuoted);
    set(kValueUnquoted, cc, kValueUnquoted);
    set(kAfterValueQuoted, cc, kAttrName, true);
    set(kSelfClosing, cc, kAttrName, true);
  }
  set(kTagName, kSpace, kBeforeAttrName);
  set(kTagName, kSlash, kSelfClosing);
  set(kTagName, kGt, kEnd);
  set(kBeforeAttrName, kSpace, kBeforeAttrName);
  set(kBeforeAttrName, kSlash, kSelfClosing);
  set(kBeforeAttrName, kGt, kEnd);
  set(kAttrName, kSpace, kAfterAttrName);
  set(kAttrName, kSlash, kSelfClosing);
  set(kAttrName, kGt, kEnd);
  set(kAttrName, kEq, kBeforeAttrValue);
  set(kAfterAttrName, kSpace, kAfterAttrName);
  set(kAfterAttrName, kSlash, kSelfClosing);
  set(kAfterAttrName, kEq, kBeforeAttrValue);
  set(kAfterAttrName, kGt, kEnd);
  set(kBeforeAttrValue, kSpace, kBeforeAttrValue);
  set(kBeforeAttrValue, kDquote, kValueDoubleQuoted);
  set(kBeforeAttrValue, kSquote, kValueSingleQuoted);
  set(kBeforeAttrValue, kGt, kEnd);
  set(kValueDoubleQuoted, kDquote, kAfterValueQuoted);
  set(kValueSingleQuoted, kSquote, kAfterValueQuoted);
  set(kValueUnquoted, kSpace, kBeforeAttrName);
  set(kValueUnquoted, kGt, kEnd);
  set(kAfterValueQuoted, kSpace, kBeforeAttrName);
  set(kAfterValueQuoted, kSlash, kSelfClosing);
  set(kAfterValueQuoted, kGt, kEnd);
  set(kSelfClosing, kSpace, kBeforeAttrName);
  set(kSelfClosing, kSlash, kSelfClosing);
  set(kSelfClosing, kGt, kEnd);
  return t;
}
constexpr auto kSteps = make_steps();

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// ---- The arena gumbo allocates from ------------------------------------------

constexpr std::size_t kArenaChunkBytes = 64 * 1024;
constexpr std::size_t kAlign = 16;

struct alignas(kAlign) Chunk {
  Chunk* next;
};

struct Arena {
  Chunk* chunks = nullptr;
  char* cursor = nullptr;
  std::size_t left = 0;
  std::size_t used = 0;
  std::size_t budget = 0;
  std::jmp_buf* abort = nullptr;  // where to go when the budget runs out

  ~Arena() {
    while (chunks) {
      Chunk* next = chunks->next;
      std::free(chunks);
      chunks = next;
    }
  }
};

// Called by gumbo (C) for every allocation. Gumbo cannot handle a failed
// allocation, so over budget we leave the parse with longjmp: nothing
// between here and parse_bounded's setjmp has a destructor to skip, and all
// of gumbo's memory is in the arena, freed as a whole.
void* arena_allocate(void* userdata, std::size_t size) {
  auto* arena = static_cast<Arena*>(userdata);
  std::size_t rounded = (size + kAlign - 1) / kAlign * kAlign;
  if (rounded == 0) rounded = kAlign;
  arena->used += rounded;
  if (arena->used > arena->budget) std::longjmp(*arena->abort, 1);
  if (rounded > arena->left) {
    std::size_t bytes = sizeof(Chunk) + (rounded > kArenaChunkBytes ? rounded : kArenaChunkBytes);
    void* raw = std::malloc(bytes);
    if (!raw) std::longjmp(*arena->abort, 2);
    auto* chunk = static_cast<Chunk*>(raw);
    chunk->next = arena->chunks;
    arena->chunks = chunk;
    arena->cursor = reinterpret_cast<char*>(chunk + 1);
    arena->left = bytes - sizeof(Chunk);
  }
  void* p = arena->cursor;
  arena->cursor += rounded;
  arena->left -= rounded;
  return p;
}

void arena_free(void*, void*) {}  // the arena is freed as a whole

// 0 on success; otherwise the longjmp code from arena_allocate.
int parse_bounded(std::string_view text, Arena& arena, GumboOutput** out) {
  std::jmp_buf env;
  arena.abort = &env;
  int code = setjmp(env);
  if (code != 0) return code;
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = arena_allocate;
  options.deallocator = arena_free;
  options.userdata = &arena;
  options.max_errors = 0;  // error records copy the open-element stack: quadratic memory
  options.fragment_context = GUMBO_TAG_DIV;
  options.fragment_namespace = GUMBO_NAMESPACE_HTML;
  *out = gumbo_parse_with_options(&options, text.data(), text.size());
  return 0;
}

std::string kib(std::size_t bytes) { return std::to_string(bytes / 1024) + " KiB"; }

}  // namespace

InputShape measure_input(std::string_view text) {
  InputShape shape;
  // Attributes counted from each position in each state to the end of the
  // tag, computed from the end of the input backwards: linear, and covers
  // every position where a tag could begin, whatever the parser's state.
  // A run of ordinary characters (not space, / > = " ') leaves every state
  // in one that ordinary characters keep, without counting, so a run costs
  // the same as one character.
  using Counts = std::array<std::uint32_t, kTagStateCount>;
  Counts next{};  // counts from position i (zero at the end of the input)
  std::size_t i = text.size();
  auto cls = [&](std::size_t k) { return kClasses[static_cast<unsigned char>(text[k])]; };
  while (i > 0) {
    std::size_t run_end = i;
    while (i > 0 && cls(i - 1) == kOther) --i;
    if (i < run_end) {
      // Every "<letter" in the run starts a tag whose name runs to the
      // run's end: its attributes are the tag-name count there.
      for (const char* p = text.data() + i; p + 1 < text.data() + run_end; ++p) {
        p = static_cast<const char*>(
            std::memchr(p, '<', static_cast<std::size_t>(text.data() + run_end - 1 - p)));
        if (!p) break;
        if (is_ascii_alpha(p[1])) {
          ++shape.tags;
          if (next[kTagName] > shape.most_attributes) shape.most_attributes = next[kTagName];
        }
      }
      Counts here;
      for (int s = 0; s < kTagStateCount; ++s) {
        const Step st = kSteps[s][kOther];
        here[s] = st.starts_attribute + next[st.next];
      }
      next = here;
      continue;
    }
    const auto c = cls(i - 1);
    Counts here;
    for (int s = 0; s < kTagStateCount; ++s) {
      const Step st = kSteps[s][c];
      here[s] = st.starts_attribute + (st.next == kEnd ? 0u : next[st.next]);
    }
    next = here;
    --i;
  }
  return shape;
}

struct ParsedHtml::Impl {
  Arena arena;
  GumboOutput* output = nullptr;
};

ParsedHtml::ParsedHtml(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ParsedHtml::ParsedHtml(ParsedHtml&&) noexcept = default;
ParsedHtml& ParsedHtml::operator=(ParsedHtml&&) noexcept = default;
ParsedHtml::~ParsedHtml() = default;

const GumboNode* ParsedHtml::root() const { return impl_->output->root; }
std::size_t ParsedHtml::parser_bytes() const { return impl_->arena.used; }

Result<ParsedHtml> parse_fragment(std::string_view text, const ParseLimits& limits) {
  if (text.size() > limits.max_input_bytes)
    return Error::too_large("the HTML is " + kib(text.size()) + ", more than the " +
                            kib(limits.max_input_bytes) +
                            " allowed here; nothing was cut, please shorten it");
  InputShape shape = measure_input(text);
  if (shape.tags > limits.max_tags)
    return Error::too_large("the HTML has more than " + std::to_string(limits.max_tags) +
                            " tags, the most allowed here");
  if (shape.most_attributes > kMaxAttributesPerTag)
    return Error::too_large("a tag in the HTML has more than " + std::to_string(kMaxAttributesPerTag) +
                            " attributes");
  auto impl = std::make_unique<ParsedHtml::Impl>();
  impl->arena.budget = kParserBaseBytes + kParserBytesPerInputByte * text.size();
  int code = parse_bounded(text, impl->arena, &impl->output);
  if (code == 1)
    return Error::too_large("the HTML would need more than " + kib(impl->arena.budget) +
                            " of memory to parse (deeply nested formatting tags?)");
  if (code != 0) return Error::unavailable("out of memory while parsing HTML");
  return ParsedHtml(std::move(impl));
}

}  // namespace journeyer::html

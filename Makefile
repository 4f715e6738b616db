# Journeyer: `make demo` and `make test` do all the set-up on a fresh
# Debian 12 machine (scripts/install-deps installs what is missing).
JOBS ?= 2
RELEASE := build/release
ASAN := build/asan
FUZZ := build/fuzz
FUZZ_SECONDS ?= 20
CMAKE_COMMON := -DCMAKE_EXPORT_COMPILE_COMMANDS=ON
# ccache hits across clones in other folders (CI builds a fresh clone).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: all deps build release asan fuzz test test-unit test-fuzz bench demo clean

all: build

deps:
	@scripts/install-deps

$(RELEASE)/Makefile: CMakeLists.txt
	cmake -S . -B $(RELEASE) -DCMAKE_BUILD_TYPE=Release $(CMAKE_COMMON)

release build: deps $(RELEASE)/Makefile
	cmake --build $(RELEASE) -j$(JOBS)

# The benchmarks are built here too (not run), so that one that no longer
# compiles fails make test, not only make demo's Release build.
$(ASAN)/Makefile: CMakeLists.txt Makefile
	cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
	  -DJOURNEYER_SANITIZE=ON -DJOURNEYER_BENCH=ON $(CMAKE_COMMON)
	touch $@

asan: deps $(ASAN)/Makefile
	cmake --build $(ASAN) -j$(JOBS)

$(FUZZ)/Makefile: CMakeLists.txt
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
	  -DJOURNEYER_FUZZ=ON $(CMAKE_COMMON)

fuzz: deps $(FUZZ)/Makefile
	cmake --build $(FUZZ) -j$(JOBS)

# Every test: unit, integration and browser tests under ASan+UBSan, then
# each fuzz target for FUZZ_SECONDS.
test: test-unit test-fuzz

test-unit: asan
	cd $(ASAN) && ctest -j$(JOBS) --output-on-failure --timeout 900

test-fuzz: fuzz
	cd $(FUZZ) && FUZZ_SECONDS=$(FUZZ_SECONDS) ctest --output-on-failure --timeout 900

bench: release
	scripts/run-bench

demo: release
	scripts/demo

clean:
	rm -rf build

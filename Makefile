# The two commands of the README, and the pieces they are made of.
#   make demo   set everything up and run the main job
#   make test   set everything up and run every test (unit and conformance under ASan/UBSan, e2e)
JOBS ?= 2
export CCACHE_NOHASHDIR := 1
LAUNCHER := $(shell command -v ccache >/dev/null 2>&1 && echo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

.PHONY: deps build asan test demo bench format clean

deps:
	@bash scripts/install-deps

build: deps
	@cmake --preset release $(LAUNCHER) >/dev/null
	@cmake --build build -j $(JOBS)

asan: deps
	@cmake --preset asan $(LAUNCHER) >/dev/null
	@cmake --build build-asan -j $(JOBS)

test: asan
	@cd build-asan && ctest --output-on-failure -j $(JOBS) --timeout 900

demo: build
	@bash scripts/demo

bench: build
	@bash bench/run.sh

format:
	@clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	@rm -rf build build-asan build-debug

# Lathe: `make run` to start the studio and API, `make test` for the whole test suite.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=
LATHE_FLAGS ?=

.PHONY: all build run test unit bench sanitize fuzz format clean bootstrap screenshots

all: build

bootstrap:
	scripts/bootstrap.sh core web

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: bootstrap $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(BUILD_DIR)/lathe serve $(LATHE_FLAGS)

# Unit, integration, AWS and studio (browser) tests against real servers on 127.0.0.1.
test:
	scripts/bootstrap.sh core web test
	$(MAKE) --no-print-directory build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 600

unit: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) -L unit

bench:
	scripts/bootstrap.sh core web bench
	$(MAKE) --no-print-directory build
	bench/run_all.sh $(BUILD_DIR)

bench-%:
	scripts/bootstrap.sh core web bench
	$(MAKE) --no-print-directory build
	bench/$*/run.sh $(BUILD_DIR)

# Unit tests under AddressSanitizer + UndefinedBehaviorSanitizer.
sanitize:
	scripts/bootstrap.sh core
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DLATHE_SANITIZE=ON -DLATHE_EMBED_WEB=OFF
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure -j $(JOBS) -L unit

# libFuzzer targets for every parser, FUZZ_SECONDS each.
FUZZ_SECONDS ?= 30
fuzz:
	scripts/bootstrap.sh core test
	CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLATHE_FUZZ=ON \
	  -DLATHE_BUILD_TESTS=ON -DLATHE_EMBED_WEB=OFF
	cmake --build build-fuzz -j $(JOBS) --target fuzz_all
	tests/fuzz/run_all.sh build-fuzz $(FUZZ_SECONDS)

# PNGs of every studio page (real server, iris, a 10 s model) into docs/screenshots/, 1280x800.
screenshots:
	scripts/bootstrap.sh core web test
	$(MAKE) --no-print-directory build
	LATHE_BINARY=$(BUILD_DIR)/lathe node tests/e2e/screenshots.mjs docs/screenshots

format:
	find src tests bench -name '*.cc' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR) build-asan build-fuzz

# The two commands of the README: `make demo` and `make test`.
# Each installs the Debian packages it needs when they are missing,
# configures, builds and runs.

BUILD      ?= build
GENERATOR  ?= Ninja
CMAKE_ARGS ?=
PACKAGES   := cmake ninja-build g++ pkg-config libabsl-dev libprotobuf-dev \
              protobuf-compiler libgtest-dev libgmock-dev libbenchmark-dev \
              abigail-tools python3 python3-pytest python3-protobuf \
              libxlsxwriter-dev python3-openpyxl \
              openjdk-17-jdk-headless libjna-java libprotobuf-java junit5 \
              python3-distributed python3-setuptools python3-pip python3-wheel dpkg-dev \
              libzip-dev libexpat1-dev libreoffice-calc-nogui \
              libcpp-httplib-dev libssl-dev openssl wrk
PACKAGES   += chromium nodejs
FUZZ_PACKAGES := clang-14 libclang-rt-14-dev
FUZZ_SECONDS  ?= 60
FUZZ_TARGETS  := snapshot_json snapshot_binary snapshot_delimited snapshot_parts profile rubric manual_scores cases capi events csv_folder workbook serve

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SHELL := /bin/bash

.PHONY: all deps configure build demo test test-asan test-tsan fuzz bench peers abi-baseline clean

all: build

deps:
	@missing=$$(for p in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing:" $$missing; \
	  $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi

$(BUILD)/build.ninja: CMakeLists.txt | deps
	cmake -S . -B $(BUILD) -G $(GENERATOR) -DDANGJIAN_WERROR=ON $(CMAKE_ARGS)

configure: deps $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD)

demo: build
	$(BUILD)/bin/dangjian demo
	$(BUILD)/bin/dangjian agenda sample --days 31
	$(BUILD)/bin/dangjian assess sample --rubric organ-assessment \
	  --manual data/examples/assessment/organ-manual-2026.json \
	  --previous data/examples/assessment/organ-assessment-2025.json

test: build
	cd $(BUILD) && ctest --output-on-failure -j2

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer: the
# library under both, the tests' own code under AddressSanitizer.
test-asan: deps
	cmake -S . -B build-asan -G $(GENERATOR) -DDANGJIAN_SANITIZE=address -DDANGJIAN_BUILD_BENCH=OFF $(CMAKE_ARGS)
	cmake --build build-asan
	cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j2

# The concurrency tests under ThreadSanitizer (the Engine's: readers of its
# report, agenda and assessment at once, over a Store it edited in place;
# the records it holds appended in parts on two threads, from bytes and
# copied out of a file; its other tests run on one thread and would take
# minutes under it), and the service's request that waits while another
# holds its data.
test-tsan: deps
	cmake -S . -B build-tsan -G $(GENERATOR) -DDANGJIAN_SANITIZE=thread -DDANGJIAN_BUILD_BENCH=OFF $(CMAKE_ARGS)
	cmake --build build-tsan --target dangjian_tests
	cd build-tsan && TSAN_OPTIONS=halt_on_error=1 ./bin/dangjian_tests \
	  --gtest_filter='Concurrency.*:Order.DeterministicWhateverTheThreads:Order.ShardsInOrderAsOnOneThread:Wire.AStreamReadInPartsEqualsOneMessage:Engine.ManyReadersAtOnceWhileNothingIsApplied:Csv.TablesReadBesideSayWhatTablesReadInTurnSay:Csv.AttendanceLoadsAsTheSameSnapshotByIds:Csv.AttendanceReadByTwoThreadsLoadsAsReadInTurn:HeldSnapshot.AppendedInPartsAsALoadAppends:HeldSnapshot.ReadOnTwoThreadsAsOnOne:HeldSnapshot.ReadFromAFileAsFromItsBytes:Service.*'

# Each fuzz target for FUZZ_SECONDS (60 by default), from seeds made of the
# repository's data; a crash stops it, and its input is kept in build-fuzz/.
fuzz:
	@$(MAKE) --no-print-directory deps PACKAGES="$(PACKAGES) $(FUZZ_PACKAGES)"
	CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G $(GENERATOR) -DDANGJIAN_SANITIZE=fuzzer \
	  -DDANGJIAN_BUILD_TESTS=OFF -DDANGJIAN_BUILD_BENCH=OFF $(CMAKE_ARGS)
	cmake --build build-fuzz
	build-fuzz/bin/make_seeds . build-fuzz/corpus
	@set -o pipefail; for t in $(FUZZ_TARGETS); do \
	  echo "== fuzz_$$t ($(FUZZ_SECONDS) s)"; \
	  mkdir -p build-fuzz/corpus/$$t build-fuzz/crashes/$$t; \
	  build-fuzz/bin/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -print_final_stats=1 \
	    -artifact_prefix=build-fuzz/crashes/$$t/ build-fuzz/corpus/$$t 2>&1 \
	    | grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|==[0-9]+==ERROR|SUMMARY)' || exit 1; \
	done

bench: build
	$(BUILD)/bin/dangjian_bench

# The SQL peers of bench/peers: SQLite and DuckDB (through Node), then the
# three side by side on a generated city (STEM=/tmp/city, MEMBERS=100000).
STEM ?= /tmp/city
MEMBERS ?= 100000
peers: build
	@$(MAKE) --no-print-directory deps PACKAGES="$(PACKAGES) sqlite3 bc time"
	@command -v node > /dev/null && command -v npm > /dev/null || $(MAKE) --no-print-directory deps PACKAGES="nodejs npm"
	cd bench/peers && npm install --no-audit --no-fund
	mkdir -p $(STEM)
	$(BUILD)/bin/dangjian_generate --members $(MEMBERS) --seed 1 --out $(STEM).djs --csv $(STEM)
	bench/peers/compare.sh $(STEM)

# Records the C interface's ABI as the new baseline (an intended change).
abi-baseline: build
	abidw --suppressions abi/dangjian.abignore --headers-dir $(CURDIR)/capi --drop-private-types \
	  --no-corpus-path --no-comp-dir-path --out-file abi/libdangjian.abi $(BUILD)/lib/libdangjian.so

clean:
	rm -rf $(BUILD) build-asan build-tsan build-fuzz

# The README's two commands are `make run` and `make test`; both install what is
# missing first (`make deps`), so a fresh Debian machine needs nothing else.
BUILD ?= build
JOBS  ?= $(shell nproc)
BUILD_TYPE ?= Release

.PHONY: all deps configure build run test test-sanitize verify coverage mutate fuzz bench bench-eval area install clean

all: build

deps:
	@.ci/deps

configure: deps
	@mkdir -p $(BUILD)
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) > $(BUILD)/configure.log 2>&1 || (cat $(BUILD)/configure.log; exit 1)

# Quiet: the compiler's chatter goes to $(BUILD)/build.log, shown only on failure.
build: configure
	@echo "build: compiling (log: $(BUILD)/build.log) ..."
	@cmake --build $(BUILD) -j $(JOBS) > $(BUILD)/build.log 2>&1 || (tail -60 $(BUILD)/build.log; echo "build failed; full log: $(BUILD)/build.log"; exit 1)
	@echo "build: ok"

# SystemC prints its banner on stderr unless told not to.
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE = 1

run: build
	@$(BUILD)/qmac run configs/arch/default.yaml configs/workloads/llama7b_layer_prefill128.yaml --out $(BUILD)/run

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The full regression (make test runs the quick suite); JUnit in $(BUILD)/verify_full.xml.
verify: build
	$(BUILD)/qmac verify --suite full --jobs $(JOBS) --junit $(BUILD)/verify_full.xml

# RTL coverage of the full regression: qmac rebuilt in $(COV_BUILD) with every
# co-simulated model Verilated with --coverage (line, toggle, cover property),
# the full suite run with it, and the points turned into $(BUILD)/coverage/
# line.info, coverage.info, html/ and summary.txt. Fails below 95 % of the
# lines of rtl/array/ and rtl/quant/ or with a cover point never hit.
COV_BUILD ?= build-coverage
coverage: deps
	@cmake -S . -B $(COV_BUILD) -DCMAKE_BUILD_TYPE=Release -DQMAC_RTL_COVERAGE=ON -DQMAC_BENCH=OFF -DBUILD_TESTING=OFF > $(COV_BUILD).log 2>&1 || (cat $(COV_BUILD).log; exit 1)
	@echo "coverage: building qmac with coverage points in $(COV_BUILD) (log: $(COV_BUILD).log) ..."
	@cmake --build $(COV_BUILD) -j $(JOBS) --target qmac >> $(COV_BUILD).log 2>&1 || (tail -40 $(COV_BUILD).log; exit 1)
	@mkdir -p $(BUILD)/coverage
	$(COV_BUILD)/qmac verify --suite full --jobs $(JOBS) --coverage $(BUILD)/coverage --junit $(BUILD)/coverage/verify_full.xml > $(BUILD)/coverage/verify.log || (tail -40 $(BUILD)/coverage/verify.log; exit 1)
	@tail -4 $(BUILD)/coverage/verify.log
	python3 tests/coverage/coverage_report.py $(BUILD)/coverage --version "$$($(COV_BUILD)/qmac --version)"

# Single-point RTL mutants, each against the RTL checks of the file it mutates
# (unit testbenches; 2x2 arrays in lockstep with the model); the table and the
# survivors go to $(BUILD)/mutate/report.txt. MUTANTS=N picks how many (seeded).
MUTANTS ?= 200
mutate: build
	python3 tests/mutate/mutate.py $(BUILD) --max $(MUTANTS) --jobs $(JOBS)

# ASan + UBSan over the golden, model, sim and fuzz-corpus tests (no Verilated RTL).
SAN_BUILD ?= build-asan
test-sanitize: deps
	@cmake -S . -B $(SAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQMAC_SANITIZE=ON -DQMAC_WITH_RTL=OFF -DQMAC_BENCH=OFF >/dev/null
	@cmake --build $(SAN_BUILD) -j $(JOBS) > $(SAN_BUILD).log 2>&1 || (tail -40 $(SAN_BUILD).log; exit 1)
	cd $(SAN_BUILD) && ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

# libFuzzer on every reader for SECONDS each (clang, ASan + UBSan); new inputs
# go to build-fuzz/corpus/<harness>, the checked-in corpus seeds them.
SECONDS ?= 60
FUZZ_BUILD ?= build-fuzz
FUZZERS = npy safetensors onnx arch workload tensor_spec golden_hex coverage_dat llama2c token_ids hf_config
fuzz: deps
	@CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQMAC_FUZZ=ON -DQMAC_WITH_RTL=OFF -DQMAC_BENCH=OFF -DBUILD_TESTING=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) > $(FUZZ_BUILD).log 2>&1 || (tail -40 $(FUZZ_BUILD).log; exit 1)
	@for h in $(FUZZERS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$h; \
	  echo "fuzz $$h for $(SECONDS) s"; \
	  if ! ASAN_OPTIONS=detect_leaks=0 $(FUZZ_BUILD)/tests/fuzz/fuzz_$$h $(FUZZ_BUILD)/corpus/$$h tests/fuzz/corpus/$$h \
	      -max_total_time=$(SECONDS) -rss_limit_mb=4096 -print_final_stats=1 > $(FUZZ_BUILD)/$$h.log 2>&1; then \
	    tail -40 $(FUZZ_BUILD)/$$h.log; exit 1; fi; \
	  grep -E "DONE" $(FUZZ_BUILD)/$$h.log; \
	done

bench: build
	$(BUILD)/bench/qmac_bench --benchmark_min_time=0.2
	$(BUILD)/bench/qmac_model_bench
	@if [ -x $(BUILD)/bench/qmac_cosim_bench ]; then $(BUILD)/bench/qmac_cosim_bench; fi

# qmac eval's tokens/s: stories260K, and a LLaMA-7B-shaped stack of two layers
# (2.1 GB of F32 weights written once to $$TMPDIR) streamed from its file.
bench-eval: build
	$(BUILD)/bench/qmac_eval_bench

# Yosys synthesis of every RTL unit -> configs/tech/unit_area.yaml (checked in).
area: deps
	rtl/synth/area.sh

install: build
	cmake --install $(BUILD) --prefix $(or $(PREFIX),$(BUILD)/install)

clean:
	rm -rf $(BUILD)

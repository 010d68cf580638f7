# The README's two commands are `make run` and `make test`; both install what is
# missing first (`make deps`), so a fresh Debian machine needs nothing else.
BUILD ?= build
JOBS  ?= $(shell nproc)
BUILD_TYPE ?= Release

.PHONY: all deps configure build run test bench area install clean

all: build

deps:
	@.ci/deps

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

# SystemC prints its banner on stderr unless told not to.
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE = 1

run: build
	$(BUILD)/qmac run configs/arch/default.yaml configs/workloads/llama7b_layer_prefill128.yaml --out $(BUILD)/run

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	$(BUILD)/bench/qmac_bench --benchmark_min_time=0.2
	$(BUILD)/bench/qmac_model_bench

# Yosys synthesis of every RTL unit -> configs/tech/unit_area.yaml (checked in).
area: deps
	rtl/synth/area.sh

install: build
	cmake --install $(BUILD) --prefix $(or $(PREFIX),$(BUILD)/install)

clean:
	rm -rf $(BUILD)

# Quick start: `make run` (set up, then train the MNIST recipe) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test test-fast bench clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/fourfold run mnist

test: $(STAMP)
	bash scripts/browser-setup.sh
	$(BIN)/python -m pytest -n 2 --dist loadgroup --durations=25

test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 -m "not slow and not realdata"

BENCH_VENV ?= .venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed
FOURFOLD_DATA ?= ../shared/data

$(BENCH_STAMP): benchmarks/requirements.lock pyproject.toml
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -r benchmarks/requirements.lock
	$(BENCH_VENV)/bin/python -m pip install --quiet --no-deps -e .
	touch $(BENCH_STAMP)

# Benchmarks against the textbook's code (BENCHMARKS.md); needs the real data. Every timed
# command takes /tmp/fourfold-bench.lock, so that two benchmarks on one machine never overlap.
BENCH_LOCK := flock /tmp/fourfold-bench.lock
bench: $(STAMP) $(BENCH_STAMP)
	$(BENCH_LOCK) $(BIN)/python benchmarks/gemm.py
	$(BENCH_LOCK) $(BIN)/python benchmarks/mnist.py --data $(FOURFOLD_DATA)
	$(BENCH_LOCK) $(BIN)/python benchmarks/boston.py --data $(FOURFOLD_DATA)
	$(BENCH_LOCK) $(BIN)/python benchmarks/apparel.py --data $(FOURFOLD_DATA) --repetitions 2
	$(BENCH_LOCK) $(BIN)/python benchmarks/cnn_recipes.py --data $(FOURFOLD_DATA) --tensorflow --repetitions 2
	$(BENCH_LOCK) $(BIN)/python benchmarks/sklearn_fit.py --data $(FOURFOLD_DATA)
	$(BENCH_LOCK) $(BIN)/python benchmarks/iceberg_parse.py --json-load
	$(BENCH_LOCK) $(BIN)/python benchmarks/large_table.py
	$(BENCH_LOCK) $(BIN)/python benchmarks/harness.py --data $(FOURFOLD_DATA)

clean:
	rm -rf $(VENV) $(BENCH_VENV) runs build src/*.egg-info

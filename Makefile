# newsprism front door: `make demo` and `make test` do the whole set-up from a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench real-news setup bytecode clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock torch==2.13.0
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[embed,dev,bench,web,ray]'
	touch $(STAMP)

# Bytecode for the package's own sources: an editable install ships none, and where
# PYTHONDONTWRITEBYTECODE is set every process (the ingest's writer, workers and grouping
# process, each test's subprocess) would compile the modules it imports from source again.
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q src

setup: $(STAMP)

demo: bytecode
	$(BIN)/newsprism brief examples/story -o out/
	@echo "briefing written to out/briefing.json, out/briefing.md, out/briefing.html"

test: bytecode
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/brief_latency.py

real-news: $(STAMP)
	$(BIN)/python benchmarks/real_clusters.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache

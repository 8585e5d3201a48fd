# Two commands do all set-up: `make report` (main job) and `make test` (all tests).
# Both create or reuse the virtual environment at .venv/ from pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: report test lab venv clean bench

venv: $(STAMP)

# Re-install when pyproject.toml changes; the stamp records a successful install.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

report: $(STAMP)
	$(BIN)/python -m toolkit batch reports.yml

# Every report on the AllSides corpus (needs ../shared/corpora/allsides): reports/allsides/index.html
.PHONY: report-allsides
report-allsides: $(STAMP)
	$(BIN)/python -m toolkit batch reports-allsides.yml

test: $(STAMP)
	$(BIN)/python -m pytest

# As root (e.g. in a container) JupyterLab refuses to start without --allow-root.
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks $$([ "$$(id -u)" = 0 ] && echo --allow-root)

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) reports/*/ reports/index.html

# Two commands take a fresh Debian/Ubuntu machine from clone to running:
#   make run    set up .venv and open the app
#   make test   set up .venv and run the whole test suite offscreen
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint bench soak system-deps test-deps bytecode catalogues messages bundle bundle-test clean

$(STAMP): pyproject.toml
	bash .ci/system-deps.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

system-deps:
	bash .ci/system-deps.sh run

# cheap (dpkg-query) and run every time, so a library added later reaches old checkouts too
test-deps:
	bash .ci/system-deps.sh

# The app's own bytecode, as an installed wheel has it: without it every start compiles
# ~60 modules (0.2-0.3 s) when PYTHONDONTWRITEBYTECODE is set or the folder is read-only.
# compileall only rewrites what changed, so this costs ~0.1 s when nothing did.
bytecode: $(STAMP)
	$(PY) -m compileall -q main.py cipn_coach ui

# The compiled message catalogues (.po → .mo, docs/TRANSLATING.md). Without them the app
# still works (cipn_coach.i18n compiles a missing or stale one in memory, ~50 ms a start).
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard cipn_coach/locale/*/LC_MESSAGES/*.po))
catalogues: $(CATALOGUES)
%.mo: %.po $(STAMP)
	$(PY) -m cipn_coach.catalogues compile

# After changing texts in the code: a fresh .pot, merged into every .po (then translate
# the new and fuzzy entries; tests/core/test_i18n.py fails until that is done).
messages: $(STAMP)
	$(PY) -m cipn_coach.catalogues extract
	$(PY) -m cipn_coach.catalogues update
	$(PY) -m cipn_coach.catalogues check

run: $(STAMP) system-deps catalogues bytecode
	$(PY) main.py $(ARGS)

# style (ruff, configured in pyproject.toml) and the layers (import-linter contracts:
# the core never imports Qt or the UI, the UI never storage, the calculators never SQLAlchemy)
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

test: $(STAMP) test-deps catalogues lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: $(STAMP) catalogues bytecode
	-bash .ci/system-deps.sh bench  # optional: without PulseAudio figure 8 says it was skipped
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.perf.bench

# 1,000 SIGKILLs of a real writer process (tests/core/test_kill.py); prints the totals.
soak: $(STAMP)
	CIPN_SOAK_KILLS=1000 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -s tests/core/test_kill.py tests/ui/test_app_kill.py

# A one-folder app that needs no Python (PyInstaller; see packaging/cipn-coach.spec):
# dist/cipn-coach/ is copied as a whole and started as dist/cipn-coach/cipn-coach.
BUNDLE_STAMP := $(VENV)/.bundle-stamp
$(BUNDLE_STAMP): $(STAMP) pyproject.toml
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,bundle]'
	touch $(BUNDLE_STAMP)

bundle: $(BUNDLE_STAMP)
	$(PY) -m PyInstaller --noconfirm --log-level WARN --distpath dist \
	    --workpath build/pyinstaller packaging/cipn-coach.spec

# Runs the bundle outside the venv (env -i, fresh data folder) and measures it (~1 min).
bundle-test: bundle test-deps
	$(PY) packaging/bundle_test.py

clean:
	rm -rf $(VENV) build dist *.egg-info

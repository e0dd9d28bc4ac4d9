# Talent Foundry — the two commands (and a few helpers).
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
I18N   := foundry/translations
POT    := $(I18N)/messages.pot
PO     := $(I18N)/zh_Hant/LC_MESSAGES/messages.po
# WTForms' built-in messages: its own "zh" catalogue is Simplified Chinese, so we ship zh_Hant.
WTF_PO := $(I18N)/zh_Hant/LC_MESSAGES/wtforms.po
MO     := $(PO:.po=.mo) $(WTF_PO:.po=.mo)
# The factory (development unless FOUNDRY_CONFIG says otherwise); wsgi.py defaults to production.
export FLASK_APP := foundry

.PHONY: run test install migrate seed lint bench apicheck clean translations release releasecheck vendor-plotly htmlcheck
VNU       := 26.9.27
VNU_JAR   := node_modules/vnu-jar/build/dist/vnu.jar

$(STAMP): requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP) $(MO) ## Create .venv, install the pinned requirements (runtime + dev), compile the catalogue

# Production release step (README: Running in production): compile the translations with the
# pybabel of the active environment (a production venv has requirements.txt only).
PYBABEL ?= pybabel
release: ## Compile the translation catalogues (run in the production venv after pip install)
	$(PYBABEL) compile --statistics -d $(I18N) -D messages
	$(PYBABEL) compile --statistics -d $(I18N) -D wtforms

releasecheck: install ## Follow the README's production steps on a clean venv; check 繁體中文 is served
	$(BIN)/python -m tests.release.readme_production

# Compiled catalogues are not committed (*.mo is git-ignored): rebuilt whenever a .po changes.
%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --statistics -i $< -o $@

translations: install ## Extract the messages into $(POT) and merge them into the zh_Hant catalogue
	$(BIN)/pybabel extract -F $(I18N)/babel.cfg -k _l -k lazy_gettext --sort-by-file \
		--project "Talent Foundry" -o $(POT) .
	$(BIN)/pybabel update --no-fuzzy-matching -i $(POT) -d $(I18N) -l zh_Hant
	$(BIN)/pybabel update --no-fuzzy-matching -D wtforms -d $(I18N) -l zh_Hant -i \
		"$$($(BIN)/python -c 'from wtforms.i18n import messages_path; print(messages_path())')/wtforms.pot"
	$(MAKE) $(MO)

migrate: install ## Apply database migrations
	$(BIN)/flask db upgrade

seed: migrate ## Load the demo data (idempotent)
	$(BIN)/flask seed demo

run: seed ## Install, migrate, load demo data, serve on http://127.0.0.1:5000
	@echo "Talent Foundry on http://127.0.0.1:5000  (Ctrl-C to stop)"
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: install ## Run the whole test suite (TEST_DATABASE_URL=postgresql://… for PostgreSQL)
	$(BIN)/python -m tests.run

lint: install ## ruff
	$(BIN)/ruff check foundry tests config.py wsgi.py

bench: install ## Dashboard, import, event, campaign, GIP screening and browser benchmarks (exits 1 on a missed target)
	$(BIN)/python -m tests.benchmarks.run
	$(BIN)/python -m tests.benchmarks.imports
	$(BIN)/python -m tests.benchmarks.events
	$(BIN)/python -m tests.benchmarks.campaigns
	$(BIN)/python -m tests.benchmarks.programmes
	$(BIN)/python -m tests.benchmarks.browser

# The Nu HTML Checker (npm vnu-jar; needs Java), installed into node_modules/ (git-ignored).
$(VNU_JAR):
	npm install --no-save --no-package-lock --no-audit --no-fund vnu-jar@$(VNU)

htmlcheck: install $(VNU_JAR) ## Nu HTML Checker on the saved HTML of each role's main pages: zero errors
	$(BIN)/python -m tests.htmlcheck

# plotly.js is vendored under static/vendor/plotly as our own partial bundle (only the trace
# types the dashboards draw; served by the app, offline): this rebuilds it from the npm registry
# with the versions pinned in static/vendor/plotly/build/package-lock.json (node_modules/ git-ignored).
# A new trace type in figures.py goes into TRACES in static/vendor/plotly/build/build.js.
vendor-plotly: ## Rebuild static/vendor/plotly/plotly-foundry.min.js (npm plotly.js, esbuild; see static/vendor/plotly/build)
	cd static/vendor/plotly/build && npm ci --ignore-scripts --no-audit --no-fund && node build.js
	cp static/vendor/plotly/build/node_modules/plotly.js/LICENSE static/vendor/plotly/LICENSE
	rm -rf static/vendor/plotly/build/node_modules  # nothing of npm's stays under static/

clean:
	rm -rf $(VENV) instance .pytest_cache

apicheck: install ## schemathesis against the live API on a throwaway database
	$(BIN)/python -m tests.api.contract

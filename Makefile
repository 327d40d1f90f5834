# Satu Pintu — the two commands of the quick start are `make run` and `make test`.
# Both set everything up themselves on a fresh Debian machine with Python 3.11.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 0.0.0.0
PORT   ?= 8080
STAMP  := $(VENV)/.installed
# Receipt QR codes must point at an address phones on the office LAN can reach. On the LAN
# `satupintu serve` answers HTTPS only (certificate from the office's own CA, see README).
LAN_IP := $(shell hostname -I 2>/dev/null | awk '{print $$1}')
BASE_URL ?= https://$(or $(LAN_IP),127.0.0.1):$(PORT)

.PHONY: run test setup browser speech translations lint bench clean

run: setup translations speech
	$(BIN)/satupintu demo
	SATUPINTU_BASE_URL="$${SATUPINTU_BASE_URL:-$(BASE_URL)}" $(BIN)/satupintu kiosk-code --name "Kios demo"
	SATUPINTU_BASE_URL="$${SATUPINTU_BASE_URL:-$(BASE_URL)}" $(BIN)/satupintu serve --host $(HOST) --port $(PORT)

# The data-layer tests run on SQLite and on a PostgreSQL server they start: here, never skipped.
test: setup translations browser
	SATUPINTU_TEST_POSTGRES=required $(BIN)/pytest -n 2 tests

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

translations: setup
	$(BIN)/pybabel compile --use-fuzzy -d kiosk/translations -D messages --statistics 2>&1 | tail -n 1

# Playwright cannot download browsers here: tests launch Debian's /usr/bin/chromium.
# DejaVu is the receipt PNG font; certutil (libnss3-tools) makes the NSS database with which
# the HTTPS test's Chromium trusts the office CA; postgresql is the server the data-layer tests
# start for themselves (as the postgres user, on a private socket); espeak-ng and sox make the
# kiosk's spoken clips ("Dengarkan").
browser:
	@if ! command -v chromium >/dev/null || ! command -v certutil >/dev/null || \
		! command -v espeak-ng >/dev/null || ! command -v sox >/dev/null || \
		! test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || \
		! test -x /usr/lib/postgresql/15/bin/initdb; then \
		SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
			chromium fonts-dejavu-core libnss3-tools postgresql espeak-ng sox >/dev/null; \
	fi

# The kiosk's "Dengarkan" clips are spoken on the office PC by espeak-ng, written by sox.
speech:
	@if ! command -v espeak-ng >/dev/null || ! command -v sox >/dev/null; then \
		SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq espeak-ng sox >/dev/null; \
	fi

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup translations
	$(BIN)/python bench/tickets.py
	$(BIN)/python bench/ticket_floor.py
	$(BIN)/python bench/display.py
	$(BIN)/python bench/status.py
	$(BIN)/python bench/idle_streams.py
	$(BIN)/python bench/sync.py
	$(BIN)/python bench/field.py

clean:
	rm -rf $(VENV) instance tests/artifacts

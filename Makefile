# naskah -- plain Makefile; every dependency comes from Debian via pkg-config.
# `make` builds ./naskah; `make check` runs the suite; SAN=1 builds with
# AddressSanitizer and UndefinedBehaviorSanitizer into build-san/.

PREFIX	?= /usr/local
CC	?= cc
CXX	?= c++
PKGS	 = libxml-2.0 sqlite3 libpq libctemplate libqrencode libcrypto zlib libdeflate
CFLAGS	?= -O2 -g
# -Wformat-truncation guesses at lengths of runtime strings; every snprintf
# here is sized for its inputs and truncation of a message is harmless.
CFLAGS	+= -std=c11 -Wall -Wextra -Werror -Wno-format-truncation -Ipipeline \
	   $(shell pkg-config --cflags $(PKGS)) \
	   -DNASKAH_VERSION='"$(VERSION)"' -ffile-prefix-map=$(CURDIR)=.
CXXFLAGS ?= -O2 -g
CXXFLAGS += -std=c++11 -Wall -Wextra -Werror -Ipipeline -ffile-prefix-map=$(CURDIR)=. \
	   $(shell pkg-config --cflags libctemplate)
LDLIBS	 = $(shell pkg-config --libs $(PKGS)) -lhpdf -lcsv -lm -lpthread -lstdc++
VERSION	 = 0.1.0

ifeq ($(SAN),1)
BUILD	 = build-san
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
CFLAGS	+= $(SANFLAGS) -O1
CXXFLAGS += $(SANFLAGS) -O1
LDFLAGS	+= $(SANFLAGS)
BIN	 = build-san/naskah
else
BUILD	 = build
BIN	 = naskah
endif

# Everything but main.c goes into a static library the tests link too.
LIBSRC	 = $(filter-out pipeline/main.c,$(wildcard pipeline/*.c))
LIBOBJ	 = $(LIBSRC:pipeline/%.c=$(BUILD)/%.o) $(BUILD)/tpl.o
HDRS	 = $(wildcard pipeline/*.h)

# Everything built depends on $(BUILD)/flags, the compilers and flags it
# was built with; rewritten (at parse time) only when they change, so
# that a change of flags rebuilds and nothing else does.
FLAGS	:= $(subst ','\'',$(CC) $(CXX) $(CPPFLAGS) $(CFLAGS) $(CXXFLAGS) \
	   $(LDFLAGS) $(LDLIBS))
$(shell mkdir -p $(BUILD) && { printf '%s\n' '$(FLAGS)' | \
    cmp -s - $(BUILD)/flags || printf '%s\n' '$(FLAGS)' >$(BUILD)/flags; })

UNIT	 = $(patsubst tests/unit/test_%.c,$(BUILD)/test_%,$(wildcard tests/unit/test_*.c))

# Fonts: Liberation Sans subset once, at build time, to the Windows-1252
# repertoire the PDFs use (WinAnsiEncoding is what PDF/A-1b accepts, and a
# small font file is most of the per-letter cost; see stack-notes.md).
FONTSRC	 = /usr/share/fonts/truetype/liberation2
UNICODES = U+0020-007E,U+00A0-00FF,U+0152-0153,U+0160-0161,U+0178,U+017D-017E,U+0192,U+02C6,U+02DC,U+2013-2014,U+2018-201A,U+201C-201E,U+2020-2022,U+2026,U+2030,U+2039-203A,U+20AC,U+2122
FONTS	 = fonts/LiberationSans-Regular.ttf fonts/LiberationSans-Bold.ttf

all: $(BIN) $(FONTS)

$(BIN): $(BUILD)/main.o $(BUILD)/libnaskah.a $(BUILD)/flags
	$(CC) $(LDFLAGS) -o $@ $(BUILD)/main.o $(BUILD)/libnaskah.a $(LDLIBS)

$(BUILD)/libnaskah.a: $(LIBOBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/%.o: pipeline/%.c $(HDRS) $(BUILD)/flags | $(BUILD)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tpl.o: pipeline/tpl.cc pipeline/tpl.h $(BUILD)/flags | $(BUILD)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -c -o $@ $<

$(BUILD):
	mkdir -p $@

fonts/%.ttf: $(FONTSRC)/%.ttf
	mkdir -p fonts
	pyftsubset $< --unicodes=$(UNICODES) --no-hinting \
	    --layout-features='' --output-file=$@.tmp && mv $@.tmp $@

$(BUILD)/test_%: tests/unit/test_%.c $(BUILD)/libnaskah.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libnaskah.a $(LDLIBS) -lcmocka

# Signs QR payloads for the end-to-end tests (tests/e2e/t_keys.sh).
$(BUILD)/vcode_tool: tests/unit/vcode_tool.c $(BUILD)/libnaskah.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libnaskah.a $(LDLIBS)

# The demo: the nightly job on the demo office, whose register is made
# the first time (a real office runs `naskah init` once, by hand).
demo: all
	[ -e output/register.db ] || ./$(BIN) init --input input --output output
	./$(BIN) run --input input --output output; st=$$?; \
	    [ $$st -eq 0 ] || [ $$st -eq 65 ] || exit $$st

# With NASKAH_TEST_PG=URL (a server of tests/pg/pgctl.sh; bootstrap.sh
# test starts one), the register's unit tests and tests/pg/run.sh run
# again on PostgreSQL after the whole suite on SQLite.
PGUNIT	 = $(filter $(patsubst %,$(BUILD)/test_%,reg reg_days reg_fix db_pg \
	   reg_report reg_svc reg_pg aduan reg_calendar),$(UNIT))

check: all $(UNIT) $(BUILD)/vcode_tool
	@set -e; for t in $(UNIT); do echo "== $$t"; NASKAH_TEST_PG= ./$$t; done
	NASKAH_TEST_PG= NASKAH=./$(BIN) BUILD=$(BUILD) sh tests/e2e/run.sh
	@set -e; if [ -n "$${NASKAH_TEST_PG:-}" ]; then \
	    for t in $(PGUNIT); do echo "== $$t (PostgreSQL)"; ./$$t; done; \
	    NASKAH=./$(BIN) BUILD=$(BUILD) sh tests/pg/run.sh; \
	else echo "(PostgreSQL: not tested; NASKAH_TEST_PG is not set)"; fi

# Rewrites tests/layout/*.txt, the expected layouts, from the layout as it
# now is: a layout change is reviewed as their diff (git diff tests/layout).
golden: all $(BUILD)/test_layout_golden
	./$(BUILD)/test_layout_golden -w

bench: all
	sh tests/bench/bench.sh
	sh tests/bench/report_bench.sh
	sh tests/bench/archive_bench.sh
	sh tests/pg/bench.sh

torture: all
	NASKAH=./$(BIN) JOBS=$(JOBS) sh tests/e2e/torture.sh

fuzz:
	sh tests/fuzz/run.sh $(FUZZTIME)

# Installation: the data goes to $(SHAREDIR), where the installed binary
# looks for it at run time (datadir.c: <bin>/../share/naskah); no path is
# compiled in.  NASKAH_DATADIR overrides it.
BINDIR	?= $(PREFIX)/bin
SHAREDIR ?= $(PREFIX)/share/naskah
MANDIR	?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions

install: all
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(SHAREDIR)/fonts" \
	    "$(DESTDIR)$(MANDIR)/man1" "$(DESTDIR)$(MANDIR)/man5" \
	    "$(DESTDIR)$(BASHCOMPDIR)"
	install -m 755 $(BIN) "$(DESTDIR)$(BINDIR)/naskah"
	install -m 644 $(FONTS) "$(DESTDIR)$(SHAREDIR)/fonts/"
	find templates -type d | while read -r d; do \
	    install -d "$(DESTDIR)$(SHAREDIR)/$$d" || exit 1; done
	find templates -type f | while read -r f; do \
	    install -m 644 "$$f" "$(DESTDIR)$(SHAREDIR)/$$f" || exit 1; done
	install -m 644 man/naskah.1 "$(DESTDIR)$(MANDIR)/man1/"
	install -m 644 man/naskah-input.5 "$(DESTDIR)$(MANDIR)/man5/"
	install -m 644 pkg/naskah.bash "$(DESTDIR)$(BASHCOMPDIR)/naskah"

# The Debian package, built by debhelper from a copy of the tree under
# build/deb/ (dpkg-buildpackage writes beside its source folder).
DEBSRC	 = build/deb/naskah-$(VERSION)
deb: $(FONTS)
	rm -rf build/deb && mkdir -p $(DEBSRC)
	tar cf - Makefile pipeline templates fonts man pkg debian \
	    input/kantor.xml input/desa.csv input/libur.csv | \
	    tar xf - -C $(DEBSRC)
	cd $(DEBSRC) && dpkg-buildpackage -b -us -uc >../build.log 2>&1 || \
	    { tail -30 ../build.log; exit 1; }
	ls build/deb/naskah_*.deb

clean:
	rm -rf build build-san naskah $(FONTS)

.PHONY: all demo check golden bench torture fuzz clean install deb
.SECONDARY:

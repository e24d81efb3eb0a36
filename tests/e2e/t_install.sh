# t_install.sh -- naskah as an IT person installs it (issue 16): `make
# install` into a DESTDIR, run from there with the source tree out of
# reach; the man pages; the help texts; the progress line on a terminal
# only; `naskah check` naming every problem at once.

begin "install"
inst=$TMPROOT/destdir
san=; [ "${BUILD:-build}" = build-san ] && san=1
if make -s -C "$ROOT" install SAN=$san DESTDIR="$inst" PREFIX=/opt/naskah \
    >"$TMPROOT/install.log" 2>&1; then ok "make install"; else
	fail "make install: $(tail -3 "$TMPROOT/install.log")"; fi
I=$inst/opt/naskah/bin/naskah
for f in bin/naskah share/naskah/templates/sop/kk.xml \
    share/naskah/templates/schema/kantor.rng \
    share/naskah/fonts/LiberationSans-Regular.ttf \
    share/man/man1/naskah.1 share/man/man5/naskah-input.5 \
    share/bash-completion/completions/naskah; do
	expect '[ -s "$inst/opt/naskah/$f" ]' "installed $f"
done
n=$(strings -a "$I" | grep -c "$ROOT" || true)
expect '[ "$n" -eq 0 ]' "no build path in the binary ($n strings name $ROOT)"

begin "installed naskah finds its own data"
# A report definition only the installed data has: --help lists it.
sed 's/bagian="kesra"/bagian="zkesra"/' "$inst/opt/naskah/share/naskah/templates/laporan/kesra.xml" \
    >"$inst/opt/naskah/share/naskah/templates/laporan/zkesra.xml"
h=$(cd / && env -u NASKAH_DATADIR "$I" --help) || true
expect 'echo "$h" | grep -q "Reports (BAGIAN):.*zkesra"' "reads templates under its prefix"
h=$(cd / && NASKAH_DATADIR=$ROOT "$I" --help) || true
expect '! echo "$h" | grep -q zkesra' "NASKAH_DATADIR overrides it"
rm "$inst/opt/naskah/share/naskah/templates/laporan/zkesra.xml"
# The source tree hidden under an empty tmpfs (a mount namespace of our
# own): the installed naskah must not need it.
d=$(office inst)
rm -rf "$d/in" && mkdir -p "$d/in" && cp -r "$ROOT/input/." "$d/in/"
rm -rf "$d/out"
if [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null; then
	cat >"$TMPROOT/hidden.sh" <<EOS
mount -t tmpfs none "$ROOT" || exit 99
cd /
unset NASKAH_DATADIR
[ -e "$ROOT/templates" ] && exit 98
"$I" init -q --input "$d/in" --output "$d/out" || exit 97
"$I" run -q --input "$d/in" --output "$d/out"
EOS
	set +e
	unshare -m sh "$TMPROOT/hidden.sh" >"$d/stdout" 2>"$d/stderr"
	RC=$?
	set -e
	expect_rc 65
	letters=$(find "$d/out/surat" -name '*.pdf' 2>/dev/null | wc -l)
	expect '[ "$letters" -eq 33 ]' "the demo's 33 letters with the source tree out of reach (got $letters)"
else
	skip "not root or no unshare: the source tree cannot be hidden"
fi

begin "man pages"
if command -v mandoc >/dev/null; then
	for m in "$ROOT/man/naskah.1" "$ROOT/man/naskah-input.5"; do
		n=$(mandoc -Tlint -W warning "$m" 2>&1 | wc -l)
		expect '[ "$n" -eq 0 ]' "mandoc -Tlint clean: $(basename "$m") ($n messages)"
	done
else
	skip "no mandoc (sh scripts/bootstrap.sh installs it)"
fi
for m in "$inst/opt/naskah/share/man/man1/naskah.1" \
    "$inst/opt/naskah/share/man/man5/naskah-input.5"; do
	out=$(MANWIDTH=80 man -l "$m" 2>"$TMPROOT/man.err" || true)
	expect 'echo "$out" | grep -q "^DESCRIPTION" && [ ! -s "$TMPROOT/man.err" ]' "man -l renders $(basename "$m")"
done
# Every command of the binary (main.c's cmds[] table) is in naskah(1).
cmds=$(sed -n '/^} cmds\[\] = {/,/^};/p' "$ROOT/pipeline/main.c" |
    sed -n 's/^[[:space:]]*{ "\([a-z]*\).*/\1/p' | sort -u)
n=$(echo "$cmds" | wc -w)
expect '[ "$n" -ge 12 ]' "main.c's command table read ($n commands)"
for c in $cmds; do
	expect 'grep -q "^\.Cm $c\( \|\$\)" "$ROOT/man/naskah.1"' "naskah(1) has $c"
done
# Every long option main.c accepts (its own and arch_option's table in
# find.c) is in naskah(1) and in the completion.
opts=$( (grep -o 'strcmp(a, "--[a-z-]*")' "$ROOT/pipeline/main.c"
    grep -o 'O("--[a-z-]*"' "$ROOT/pipeline/find.c") |
    grep -o -- '--[a-z-]*' | sort -u)
n=$(echo "$opts" | wc -w)
expect '[ "$n" -ge 28 ]' "main.c's long options read ($n)"
miss=; cmiss=
for o in $opts; do
	grep -q "Fl -${o#--}\( \|\$\)" "$ROOT/man/naskah.1" || miss="$miss $o"
	case $o in --help|--version) continue ;; esac
	grep -q -- "$o\([ |)\"]\|\$\)" "$ROOT/pkg/naskah.bash" || cmiss="$cmiss $o"
done
expect '[ -z "$miss" ]' "naskah(1) has every long option (missing:${miss:- none})"
expect '[ -z "$cmiss" ]' "the completion has every long option (missing:${cmiss:- none})"

begin "help texts"
h=$("$NASKAH" --help) || true
lines=$(echo "$h" | wc -l)
expect '[ "$lines" -le 24 ]' "--help is short ($lines lines)"
expect 'echo "$h" | grep -q "64 usage" && echo "$h" | grep -q "naskah(1)"' "--help lists exit 64 and points to naskah(1)"
for c in $cmds; do
	h=$("$NASKAH" "$c" --help) || true
	n=$(echo "$h" | grep -c "^usage: naskah $c\|64 usage\|naskah(1)")
	# report has two forms (BAGIAN --month, skm --semester).
	max=10; [ "$c" = report ] && max=12
	expect '[ "$n" -eq 3 ] && [ "$(echo "$h" | wc -l)" -le $max ]' "$c --help: usage, exit 64, naskah(1)"
done
set +e; "$NASKAH" frobnicate >/dev/null 2>"$TMPROOT/help.err"; RC=$?; set -e
expect_rc 64

begin "progress only on a terminal"
d=$(office prog)
sh "$ROOT/tests/bench/gen.sh" 300 "$d/in" >/dev/null
fresh_out "$d"
if command -v script >/dev/null; then
	cmd="NASKAH_TEST_TODAY=2025-01-21 '$NASKAH' run --input '$d/in' --output '$d/out'"
	script -qec "$cmd" /dev/null >"$TMPROOT/tty.out" 2>&1 </dev/null || true
	n=$(grep -c "naskah run: [0-9]*/300 rows" "$TMPROOT/tty.out" || true)
	expect '[ "$n" -ge 1 ]' "the progress line on a pty"
	n=$(tr '\r' '\n' <"$TMPROOT/tty.out" | grep -c "rows, .*/s" || true)
	expect '[ "$n" -ge 1 ]' "with a rate ($n redraws)"
	fresh_out "$d"
	script -qec "$cmd -q" /dev/null >"$TMPROOT/tty.out" 2>&1 </dev/null || true
	n=$(grep -c "rows, " "$TMPROOT/tty.out" || true)
	expect '[ "$n" -eq 0 ]' "none with -q on a pty"
	fresh_out "$d"
	NASKAH_TEST_TODAY=2025-01-21 "$NASKAH" run --input "$d/in" --output "$d/out" \
	    >/dev/null 2>"$TMPROOT/pipe.err" || true
	n=$(grep -c "rows, \|$(printf '\033')" "$TMPROOT/pipe.err" || true)
	expect '[ "$n" -eq 0 ]' "none when stderr is a file"
	n=$(grep -c "300 letters" "$TMPROOT/pipe.err" || true)
	expect '[ "$n" -eq 1 ]' "the summary line still there"
	rm -f "$d"/out/surat/2025/00001_*.pdf "$d"/out/surat/2025/00002_*.pdf
	script -qec "'$NASKAH' restore --input '$d/in' --output '$d/out'" /dev/null \
	    >"$TMPROOT/tty.out" 2>&1 </dev/null || true
	n=$(grep -c "naskah restore: [0-9]*/300 documents" "$TMPROOT/tty.out" || true)
	expect '[ "$n" -ge 1 ]' "restore's progress line on a pty"
else
	skip "no script(1) (util-linux)"
fi

begin "check: a sound office"
d=$(office chk)
touch "$d/stdout" "$d/stderr"	# run_n's, made before: "." keeps its time
before=$(cd "$d" && find . ! -name stdout ! -name stderr -exec ls -ld --time-style=+%s {} + | sort)
sleep 1
run_n "$d" check
expect_rc 0
expect 'echo "$OUT" | grep -q "no problems"' "says so"
expect 'echo "$OUT" | grep -q "every document of every SOP rendered once"' "rendered the documents"
expect 'echo "$OUT" | grep -q "register version"' "read the register"
after=$(cd "$d" && find . ! -name stdout ! -name stderr -exec ls -ld --time-style=+%s {} + | sort)
expect '[ "$before" = "$after" ]' "changed nothing in the office's folders"
n=$(ls -d "${TMPDIR:-/tmp}"/naskah-check.* 2>/dev/null | wc -l)
expect '[ "$n" -eq 0 ]' "left no temporary folder"

begin "check: every problem named"
d=$(office chk2)
cp -r "$ROOT/templates" "$ROOT/fonts" "$d/"
sed -i 's/<kecamatan>/<kecamatanx>/' "$d/in/kantor.xml"
sed -i '3s/.*/<bogus>/' "$d/templates/sop/sktm.xml"
sed -i 's/<laporan /<lapxran /' "$d/templates/laporan/kesra.xml"
NASKAH_DATADIR=$d run_n "$d" check
expect_rc 78
n=$(echo "$ERR" | grep -c "kantor.xml:4:\|sop/sktm.xml:[0-9]*:\|laporan/kesra.xml:[0-9]*:")
expect '[ "$n" -eq 3 ]' "kantor.xml, an SOP and a report definition, each with its line ($n)"
expect 'echo "$ERR" | grep -q "naskah check: 3 problems"' "counts them"
# desa.csv, the number format and the register of another office.
d=$(office chk3)
printf '35.03.13.2001,Dup,desa\n' >>"$d/in/desa.csv"
cp -r "$ROOT/templates" "$ROOT/fonts" "$d/"
sed -i 's/<laporan /<lapxran /' "$d/templates/laporan/ekbang.xml"
sed -i 's/<dokumen /<dokumenx /' "$d/templates/sop/kk.xml"
NASKAH_DATADIR=$d run_n "$d" check
expect_rc 78
n=$(echo "$ERR" | grep -c "desa.csv:16:.*listed twice\|laporan/ekbang.xml:[0-9]*:\|sop/kk.xml:[0-9]*:")
expect '[ "$n" -eq 3 ]' "desa.csv line, a report definition, an SOP ($n)"
d=$(office chk4)
sed -i 's/35.03.13/35.03.14/g' "$d/in/kantor.xml" "$d/in/desa.csv"
run_n "$d" check
expect_rc 78
expect 'echo "$ERR" | grep -q "register.db: this register belongs to the office 35.03.13, not to 35.03.14"' "another office's register"

begin "bash completion"
if command -v bash >/dev/null; then
	comp() {
		PATH=$inst/opt/naskah/bin:$PATH bash -c '
		. "$0"
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
		_naskah; echo "${COMPREPLY[*]}"' \
		    "$inst/opt/naskah/share/bash-completion/completions/naskah" "$@"
	}
	expect '[ "$(comp naskah re)" = "report restore register" ]' "commands"
	expect '[ "$(comp naskah report "")" = "ekbang kesra layanan pengaduan skm tapem trantibum" ]' "report names from the installed templates"
	expect '[ "$(comp naskah report kesra --mo)" = "--month" ]' "a command's options"
	expect '[ "$(comp naskah agenda --book "")" = "keluar masuk" ]' "an option's values"
	expect '[ "$(comp naskah check --input input --)" = "--input --output --register --help" ]' "check's options"
	expect '[ "$(comp naskah report skm --)" = "--semester --date --input --output --register --help" ]' "report skm takes --semester"
	expect '[ "$(comp naskah report kesra --s)" = "" ]' "a monthly report does not"
	expect '[ "$(comp naskah register "")" = "migrate" ]' "register's subcommand"
	expect '[ "$(comp naskah register migrate --)" = "--from --to --help" ]' "register migrate's options"
else
	skip "no bash"
fi

# t_deb.sh -- the Debian package (issue 16): built once with debhelper,
# linted (no errors; every warning explained in the README), installed on
# this machine with apt-get, its `naskah check` and nightly run on the
# demo office as the user naskah, then purged.  Needs root and apt, and a
# machine with no naskah installation of its own (which it would touch):
# otherwise skipped, saying why.

begin "deb package"
deb_skip=""
for t in apt-get dpkg-buildpackage dh lintian runuser; do
	command -v "$t" >/dev/null || deb_skip="$deb_skip $t"
done
if [ "${BUILD:-build}" = build-san ]; then
	skip "the package holds the plain build; tested by the plain suite"
elif [ "$(id -u)" -ne 0 ]; then
	skip "installing a package needs root"
elif [ -n "$deb_skip" ]; then
	skip "missing:$deb_skip (sh scripts/bootstrap.sh installs them)"
elif dpkg-query -W -f='${Status}' naskah 2>/dev/null | grep -q installed ||
    [ -e /etc/naskah ] || [ -e /var/lib/naskah ]; then
	skip "this machine has a naskah installation (/etc/naskah, /var/lib/naskah); the test would touch it"
else
	had_user=0; getent passwd naskah >/dev/null && had_user=1
	if make -s -C "$ROOT" deb >"$TMPROOT/deb.log" 2>&1; then
		ok "make deb"
	else
		fail "make deb: $(tail -5 "$TMPROOT/deb.log")"
	fi
	pkg=$(ls "$ROOT"/build/deb/naskah_*.deb 2>/dev/null | head -1)
	expect '[ -n "$pkg" ]' "a .deb in build/deb"

	begin "deb lintian"
	lintian "$pkg" >"$TMPROOT/lintian.out" 2>/dev/null || true
	n=$(grep -c "^E:" "$TMPROOT/lintian.out" || true)
	expect '[ "$n" -eq 0 ]' "no errors ($n)"
	for tag in $(sed -n 's/^W: naskah: \([a-z0-9-]*\).*/\1/p' "$TMPROOT/lintian.out" | sort -u); do
		expect 'grep -q "\`$tag\`" "$ROOT/README.md"' "warning $tag explained in README"
	done
	dep=$(dpkg-deb -f "$pkg" Depends)
	for p in libhpdf libsqlite3 libxml2 libssl3 libdeflate0 adduser icc-profiles-free; do
		expect 'echo "$dep" | grep -q "$p"' "Depends names $p"
	done
	conf=$(dpkg-deb --ctrl-tarfile "$pkg" | tar xOf - ./conffiles)
	expect 'echo "$conf" | grep -qx /etc/naskah/kantor.xml' "kantor.xml is a conffile"

	begin "deb install"
	set +e
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" \
	    >"$TMPROOT/apt.log" 2>&1
	RC=$?
	set -e
	expect_rc 0
	[ "$RC" -eq 0 ] || sed 's/^/    apt: /' "$TMPROOT/apt.log" | tail -5
	uid=$(id -u naskah 2>/dev/null || echo 99999)
	expect '[ "$uid" -lt 1000 ]' "system user naskah ($uid)"
	expect '[ "$(stat -c %U /var/lib/naskah/output 2>/dev/null)" = naskah ]' "/var/lib/naskah/output belongs to naskah"
	n=$(strings -a /usr/bin/naskah 2>/dev/null | grep -c "$ROOT" || true)
	expect '[ "$n" -eq 0 ]' "no build path in the installed binary"
	tm=/lib/systemd/system/naskah.timer
	expect 'grep -qx "OnCalendar=\*-\*-\* 01:30:00" $tm && grep -qx "Persistent=true" $tm' "timer at 01:30, Persistent"
	if command -v systemd-analyze >/dev/null; then
		v=$(systemd-analyze verify /lib/systemd/system/naskah.service $tm 2>&1 || true)
		expect '[ -z "$v" ]' "systemd-analyze verify: ${v:-clean}"
	fi
	h=$(cd / && env -u NASKAH_DATADIR naskah --help 2>&1 || true)
	expect 'echo "$h" | grep -q "Reports (BAGIAN): ekbang"' "installed naskah finds /usr/share/naskah"
	expect '[ -n "$(man -w naskah 2>/dev/null)" ]' "man naskah"

	begin "deb: check and a nightly run as naskah"
	set +e
	(cd / && runuser -u naskah -- naskah check --input /etc/naskah \
	    --output /var/lib/naskah/output) >"$TMPROOT/chk.out" 2>&1
	RC=$?
	set -e
	expect_rc 0
	cp "$ROOT"/input/register/*.csv /var/lib/naskah/register/
	cp "$ROOT"/input/tindak-lanjut/*.csv /var/lib/naskah/tindak-lanjut/
	set +e
	(cd / && runuser -u naskah -- naskah init -q --input /etc/naskah \
	    --output /var/lib/naskah/output) >"$TMPROOT/init.out" 2>&1
	rc_init=$?
	expect '[ "$rc_init" -eq 0 ]' "naskah init as naskah"
	# The service's own command line, as the timer starts it.
	exec_start=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/naskah.service)
	(cd / && runuser -u naskah -- $exec_start) >"$TMPROOT/run.out" 2>&1
	RC=$?
	set -e
	expect_rc 65
	letters=$(find /var/lib/naskah/output/surat -name '*.pdf' | wc -l)
	expect '[ "$letters" -eq 33 ]' "the demo's 33 letters (got $letters)"
	expect '[ -d /var/lib/naskah/kunci/35.03.13 ] && [ "$(stat -c %U /var/lib/naskah/kunci/35.03.13)" = naskah ]' "the keys, naskah's"

	begin "deb purge"
	set +e
	DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq naskah \
	    >"$TMPROOT/purge.log" 2>&1
	RC=$?
	set -e
	expect_rc 0
	expect '[ ! -e /usr/bin/naskah ] && [ ! -e /etc/naskah ]' "program and configuration gone"
	expect '[ -f /var/lib/naskah/output/register.db ]' "the register (legal records) kept"
	# What this test made, and only that.
	rm -rf /var/lib/naskah
	[ "$had_user" -eq 1 ] || deluser --system --quiet naskah >/dev/null 2>&1 || true
	expect '! getent passwd naskah >/dev/null || [ "$had_user" -eq 1 ]' "machine as before"
fi

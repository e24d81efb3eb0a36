# t_keys.sh -- an office's verification keys (archive.md): made on first
# use outside input/ and output/ with mode 0600, printed for publishing,
# refused when exposed; `naskah verify --public-key` tells a signed QR
# payload from a forged one; verifikasi.html does the same in headless
# Chromium and makes no network request.  Payloads come from
# $BUILD/vcode_tool until documents carry their codes.
VCODE_TOOL=${BUILD:-build}/vcode_tool
case $VCODE_TOOL in /*) ;; *) VCODE_TOOL=$ROOT/$VCODE_TOOL ;; esac
KNAME="Sri Rahayu & <Dewi> \"Yu\" 'Nah' Fran$(printf '\303\247')ois"
# The same as a browser's DOM serialises it.
KNAME_DOM="Sri Rahayu &amp; &lt;Dewi&gt; \"Yu\" 'Nah' Fran$(printf '\303\247')ois"

begin "keys: key --public makes the office's keys on first use"
d=$(office keys)
run_n "$d" key --public
expect_rc 0
expect 'printf "%s\n" "$OUT" | sed -n 1p | grep -Eq "^naskah-ed25519 35\.03\.13 [A-Za-z0-9_-]{43}$"' \
    "the public key line"
expect 'printf "%s\n" "$OUT" | sed -n 2p | grep -Eq "^sidik jari: ([0-9a-f]{4} ){7}[0-9a-f]{4}$"' \
    "its fingerprint"
expect '[ "$(stat -c %a "$d/kunci")" = 700 ] && [ "$(stat -c %a "$d/kunci/35.03.13")" = 700 ]' \
    "beside the output folder, folders 0700"
expect '[ "$(stat -c %a:%s "$d/kunci/35.03.13/mac.key")" = 600:32 ] && [ "$(stat -c %a:%s "$d/kunci/35.03.13/ed25519.key")" = 600:32 ]' \
    "keys 0600, 32 bytes"
expect 'printf "%s" "$ERR" | grep -q "kunci/35.03.13"' "says where the keys are"
expect '[ -z "$(find "$d/in" "$d/out" -name "*.key")" ]' "nothing in input or output"
kpub=$OUT
run_n "$d" key --public
expect '[ "$RC" = 0 ] && [ "$OUT" = "$kpub" ]' "the same key the second time"
printf '%s\n' "$kpub" > "$d/pub.txt"

begin "keys: NASKAH_KEYS, and never inside input or output"
export NASKAH_KEYS="$d/elsewhere"
run_n "$d" key --public
expect '[ "$RC" = 0 ] && [ -f "$d/elsewhere/35.03.13/ed25519.key" ] && [ "$OUT" != "$kpub" ]' \
    "\$NASKAH_KEYS is used"
export NASKAH_KEYS="$d/in/kunci"
run_n "$d" key --public
expect_rc 78
expect '[ ! -e "$d/in/kunci/35.03.13" ]' "no key made inside input"
unset NASKAH_KEYS

begin "keys: an exposed or damaged key is refused"
chmod 644 "$d/kunci/35.03.13/mac.key"
run_n "$d" key --public
expect_rc 78
expect 'printf "%s" "$ERR" | grep -q "mac.key.*0644"' "names the file and its mode"
chmod 600 "$d/kunci/35.03.13/mac.key"
cp "$d/kunci/35.03.13/ed25519.key" "$d/ed.bak"
printf x >> "$d/kunci/35.03.13/ed25519.key"
run_n "$d" key --public
expect_rc 78
expect 'printf "%s" "$ERR" | grep -q "ed25519.key.*33 bytes"' "names the file and its size"
cp "$d/ed.bak" "$d/kunci/35.03.13/ed25519.key"
run_n "$d" key --public
expect '[ "$RC" = 0 ] && [ "$OUT" = "$kpub" ]' "restored from backup, the same key"

# Payloads: this office's, another key's for the same office code.
d2=$(office keys-other)
mkdir -p -m 700 "$d2/kunci"	# init made it: every document carries codes
kp_ok=$("$VCODE_TOOL" "$d/kunci" 35.03.13 kk 470/0012/406.13/2025 "" 0 \
    2025-01-20 3503134101900001 "$KNAME") || kp_ok=""
kp_ret=$("$VCODE_TOOL" "$d/kunci" 35.03.13 kembali "" REG-0007 2025 \
    2025-01-21 3503130101900001 "Budi Santoso") || kp_ret=""
kp_other=$("$VCODE_TOOL" "$d2/kunci" 35.03.13 kk 470/0012/406.13/2025 "" 0 \
    2025-01-20 3503134101900001 "$KNAME") || kp_other=""
# One character of the name changed; the signature's last character with
# only its unused low bit changed (the same 64 bytes to a lax decoder).
kp_forged=$(printf '%s' "$kp_ok" | sed 's/Rahayu/Rahayo/')
kp_lastbit=$(printf '%s' "$kp_ok" | awk '{
	a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	i = index(a, substr($0, length($0), 1)) - 1
	j = i % 2 ? i - 1 : i + 1
	print substr($0, 1, length($0) - 1) substr(a, j + 1, 1) }')

# verify_pub CODE: runs naskah verify with the public key; sets RC, OUT.
verify_pub() {
	set +e
	OUT=$("$NASKAH" verify --public-key "$d/pub.txt" --code "$1" 2>"$d/stderr")
	RC=$?
	set -e
}

begin "keys: verify --public-key"
expect '[ -n "$kp_ok" ] && [ -n "$kp_ret" ] && [ -n "$kp_other" ] && [ "$kp_ok" != "$kp_other" ] && [ "$kp_lastbit" != "$kp_ok" ]' \
    "payloads made (by $VCODE_TOOL)"
verify_pub "$kp_ok"
expect_rc 0
expect 'printf "%s" "$OUT" | grep -qF "ASLI  kk 470/0012/406.13/2025  2025-01-20  $KNAME"' \
    "ASLI with kind, number, date and the name as it was"
verify_pub "https://kecamatan.example/verifikasi.html#$kp_ok"
expect '[ "$RC" = 0 ]' "URL#payload, as a phone scans it"
verify_pub "$kp_ret"
expect '[ "$RC" = 0 ] && printf "%s" "$OUT" | grep -q "register REG-0007/2025"' \
    "a document without a number: its register number and year"
verify_pub "$kp_forged"
expect '[ "$RC" = 65 ] && printf "%s" "$OUT" | grep -q "^TIDAK SAH"' "one character changed: TIDAK SAH, 65"
verify_pub "$kp_lastbit"
expect '[ "$RC" = 65 ]' "signature's last character changed: 65"
verify_pub "$kp_other"
expect '[ "$RC" = 65 ] && printf "%s" "$OUT" | grep -q "^TIDAK SAH"' "signed with another key: 65"
verify_pub "selamat pagi"
expect '[ "$RC" = 65 ]' "not a code: 65"
set +e
"$NASKAH" verify --public-key "$d/none.txt" --code "$kp_ok" >/dev/null 2>&1
RC=$?
set -e
expect '[ "$RC" = 66 ]' "key file missing: 66"
set +e
"$NASKAH" verify --public-key "$d/pub.txt" >/dev/null 2>&1
RC=$?
set -e
expect '[ "$RC" = 64 ]' "no --code: 64"

begin "keys: key --page"
run_n "$d" key --page
expect_rc 0
kpage=$d/out/verifikasi.html
expect '[ "$OUT" = verifikasi.html ] && [ -f "$kpage" ]' "writes OUTPUT/verifikasi.html"
expect 'grep -qF "data-kunci=\"$(printf "%s" "$kpub" | sed -n "1s/.* //p")\"" "$kpage"' \
    "the office's public key inside"
expect 'grep -q "Content-Security-Policy\" content=\"default-src .none.; script-src .sha256-" "$kpage"' \
    "a policy that allows no request and only its own script"
expect '! grep -Eiq "https?://|src=|href=|[^0-9a-z_]url\(|fetch\(|XMLHttpRequest|WebSocket|RTCPeerConnection|sendBeacon|import\(|@import|<link|<iframe|<img" "$kpage"' \
    "no address, resource or request in it"

# chromium_page FILE FRAGMENT NETLOG: the page's DOM once its checks have
# run (virtual time lets the asynchronous WebCrypto finish) into $d/dom.
# No network here: a namespace without one if permitted, and a dead
# proxy on loopback either way, so Chromium's own background requests
# go nowhere; NETLOG records every request for the checks below.
chromium_page() {
	kns=""
	unshare -n true 2>/dev/null && kns="unshare -n"
	set +e
	timeout 120 $kns chromium --headless --no-sandbox --disable-gpu \
	    --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync --disable-default-apps \
	    --proxy-server=127.0.0.1:9 --user-data-dir="$TMPROOT/chromium" \
	    --virtual-time-budget=10000 --log-net-log="$3" \
	    --dump-dom "file://$1#$2" >"$d/dom" 2>"$d/chromium.err"
	set -e
}
# A request made for a page opened from a file, in a net log.
page_requests() {
	grep -c '"network_isolation_key":"file://' "$1" || true
}

begin "keys: verifikasi.html in headless Chromium"
kchrome=""
if ! command -v chromium >/dev/null 2>&1; then
	kchrome="chromium is not installed (Debian package chromium)"
else
	chromium_page "$kpage" "" "$d/net0.json"
	grep -q 'id="hasil"' "$d/dom" ||
	    kchrome="chromium cannot start: $(tail -1 "$d/chromium.err")"
fi
if [ -n "$kchrome" ]; then
	for c in "valid payload: ASLI" "no network request" \
	    "without a number: ASLI" "one character changed: TIDAK SAH" \
	    "last character changed: TIDAK SAH" "another key: TIDAK SAH" \
	    "the request check sees a request" "an injected image is blocked"; do
		skip "$c: $kchrome"
	done
else
	chromium_page "$kpage" "$kp_ok" "$d/net1.json"
	expect 'grep -q "id=\"hasil\" class=\"asli\">ASLI<" "$d/dom" &&
	    grep -qF "<td id=\"f-nama\">$KNAME_DOM</td>" "$d/dom" &&
	    grep -q "<td id=\"f-nomor\">470/0012/406.13/2025</td>" "$d/dom" &&
	    grep -q "<td id=\"f-tanggal\">20 Januari 2025</td>" "$d/dom"' \
	    "valid payload: ASLI, with the name as it was"
	expect '[ "$(page_requests "$d/net1.json")" = 0 ]' "no network request"
	chromium_page "$kpage" "$kp_ret" "$d/net2.json"
	expect 'grep -q "class=\"asli\">ASLI<" "$d/dom" && grep -q "<td id=\"f-register\">REG-0007 (tahun 2025)</td>" "$d/dom"' \
	    "a document without a number: ASLI"
	chromium_page "$kpage" "$kp_forged" "$d/net3.json"
	expect 'grep -q "id=\"hasil\" class=\"tidak-sah\">TIDAK SAH<" "$d/dom"' \
	    "one character changed: TIDAK SAH"
	chromium_page "$kpage" "$kp_lastbit" "$d/net4.json"
	expect 'grep -q "class=\"tidak-sah\">TIDAK SAH<" "$d/dom"' \
	    "signature's last character changed: TIDAK SAH"
	chromium_page "$kpage" "$kp_other" "$d/net5.json"
	expect 'grep -q "class=\"tidak-sah\">TIDAK SAH<" "$d/dom"' \
	    "signed with another key: TIDAK SAH"
	# The request check can fail: a page that loads an image from
	# loopback is caught; the same image in verifikasi.html is blocked
	# by its policy.
	sed 's|<meta http-equiv="Content-Security-Policy"[^>]*>||; s|<h1>|<img src="http://127.0.0.1:9/x.png"><h1>|' \
	    "$kpage" > "$d/leaky.html"
	chromium_page "$d/leaky.html" "$kp_ok" "$d/net6.json"
	expect '[ "$(page_requests "$d/net6.json")" -gt 0 ]' "the request check sees a request"
	sed 's|<h1>|<img src="http://127.0.0.1:9/x.png"><h1>|' \
	    "$kpage" > "$d/injected.html"
	chromium_page "$d/injected.html" "$kp_ok" "$d/net7.json"
	expect '[ "$(page_requests "$d/net7.json")" = 0 ]' "an injected image is blocked by the policy"
fi

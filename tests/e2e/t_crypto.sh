# t_crypto.sh -- key files on disk keep their meaning across crypto
# libraries: an ed25519.key holding RFC 8032's TEST 1 seed gives that
# test's public key, its fingerprint, and signatures that an Ed25519
# implementation outside naskah (Python's "cryptography") accepts.
VCODE_TOOL=${BUILD:-build}/vcode_tool
case $VCODE_TOOL in /*) ;; *) VCODE_TOOL=$ROOT/$VCODE_TOOL ;; esac
RFC_SEED=9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60
RFC_PUB=d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a

begin "crypto: an existing key file, RFC 8032 TEST 1"
d=$(office crypto)
k=$d/kunci/35.03.13
rm -rf "$k"
mkdir -p -m 700 "$k"
python3 -c "import sys; sys.stdout.buffer.write(bytes.fromhex('$RFC_SEED'))" > "$k/ed25519.key"
python3 -c "import sys; sys.stdout.buffer.write(bytes(range(0xa0, 0xc0)))" > "$k/mac.key"
chmod 600 "$k/ed25519.key" "$k/mac.key"
run_n "$d" key --public
expect_rc 0
want=$(python3 -c "import base64; print(base64.urlsafe_b64encode(bytes.fromhex('$RFC_PUB')).decode().rstrip('='))")
expect '[ "$(printf "%s\n" "$OUT" | sed -n 1p)" = "naskah-ed25519 35.03.13 $want" ]' \
    "the RFC's public key ($want)"
fpr=$(python3 -c "import hashlib; h = hashlib.sha256(bytes.fromhex('$RFC_PUB')).hexdigest()[:32]; print(' '.join(h[i:i+4] for i in range(0, 32, 4)))")
expect '[ "$(printf "%s\n" "$OUT" | sed -n 2p)" = "sidik jari: $fpr" ]' \
    "its fingerprint ($fpr)"

begin "crypto: a payload signed with it verifies outside naskah"
if [ ! -x "$VCODE_TOOL" ] || ! python3 -c "import cryptography" 2>/dev/null; then
	skip "no $VCODE_TOOL or no python3-cryptography"
else
	p=$("$VCODE_TOOL" "$d/kunci" 35.03.13 kk 470/0012/406.13/2025 "" "" \
	    2025-01-20 3503134101900001 "SRI RAHAYU" 2>"$d/tool.err") || true
	expect '[ -n "$p" ]' "signed ($(head -1 "$d/tool.err"))"
	cat > "$d/verify.py" <<'PY'
import base64, sys
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
body, sig = sys.argv[2].rsplit("*", 1)
sig = base64.urlsafe_b64decode(sig + "==")
key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(sys.argv[1]))
key.verify(sig, body.encode())          # raises if it does not match
try:
    key.verify(sig, (body + "x").encode())
    sys.exit(2)
except Exception:
    pass
PY
	expect 'python3 "$d/verify.py" "$RFC_PUB" "$p"' "Ed25519 from python3-cryptography accepts it, and refuses it altered"
	printf 'naskah-ed25519 35.03.13 %s\n' "$want" > "$d/pub.txt"
	set +e
	"$NASKAH" verify --public-key "$d/pub.txt" --code "$p" >"$d/stdout" \
	    2>"$d/stderr"
	RC=$?
	set -e
	expect_rc 0
fi

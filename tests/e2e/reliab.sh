# reliab.sh -- helpers shared by t_reliability.sh (make check) and
# torture.sh (make torture): the register invariants issue 5 promises,
# random SIGKILLs, and a small tmpfs.  Sourced after lib.sh.

# rand N: a random whole number in [0, N).
rand() {
	echo $(( $(od -An -N4 -tu4 /dev/urandom | tr -d ' ') % $1 ))
}

# consistent OUT [NCOMPLETE]: prints nothing and returns 0 when the
# output folder keeps every promise; else prints what is broken.
#  - every complete application has exactly one number;
#  - the numbers of each year run 1..N without a gap;
#  - every document the register lists exists with its SHA-256, every
#    numbered one passes qpdf --check, and no PDF exists that the
#    register does not list;
#  - the monthly manifests list exactly the register's documents;
#  - no temporary (.NAME.tmp) is left anywhere;
#  - (with NCOMPLETE) that many applications are complete and numbered.
consistent() {
	o=$1
	db=$o/register.db
	bad=0
	# Scratch files beside the test, never in $o: it may be a full disk.
	w=$TMPROOT/.consistent
	n=$(rsql "$db" "SELECT count(*) FROM applications a WHERE
	    status = 'complete' AND (SELECT count(*) FROM book b
	    WHERE b.application_id = a.id) != 1")
	[ "$n" = 0 ] || { echo "$n complete applications without exactly one number"; bad=1; }
	# (Monthly reports take numbers from the same book, without an
	# application.)
	n=$(rsql "$db" "SELECT count(*) FROM book b WHERE b.kind = 'surat'
	    AND (b.application_id IS NULL OR (SELECT status FROM applications a
	    WHERE a.id = b.application_id) != 'complete')")
	[ "$n" = 0 ] || { echo "$n letter numbers not given to a complete application"; bad=1; }
	n=$(rsql "$db" "SELECT count(*) FROM (SELECT tahun FROM book
	    GROUP BY tahun HAVING min(urut) != 1 OR max(urut) != count(*)
	    OR count(DISTINCT urut) != count(*)) AS y")
	[ "$n" = 0 ] || { echo "numbers with a gap or a repeat in $n year(s)"; bad=1; }
	n=$(rsql "$db" "SELECT count(*) FROM book b LEFT JOIN documents d
	    ON d.id = b.document_id WHERE d.id IS NULL OR d.nomor != b.nomor")
	[ "$n" = 0 ] || { echo "$n numbers without their document"; bad=1; }
	if [ -n "${2:-}" ]; then
		n=$(rsql "$db" "SELECT count(*) FROM book")
		[ "$n" = "$2" ] || { echo "$n numbers, expected $2"; bad=1; }
	fi
	rsql "$db" "SELECT sha256 || '  ' || path FROM documents" |
	    sort > "$w.want" || return 1
	(cd "$o" && find . -name '*.pdf' | sed 's|^\./||' | sort |
	    xargs -r sha256sum) | sort > "$w.have" || return 1
	if ! cmp -s "$w.want" "$w.have"; then
		echo "files and register differ (< register, > disk):"
		diff "$w.want" "$w.have" | grep '^[<>]' | head -5
		bad=1
	fi
	rm -f "$w.want" "$w.have"
	rsql "$db" "SELECT path FROM documents WHERE nomor IS NOT NULL" |
	    (cd "$o" && xargs -r -n 50 -P 2 sh -c \
	    'for f; do qpdf --check "$f" >/dev/null 2>&1 || echo "qpdf --check fails: $f"; done' sh) \
	    > "$w.qpdf" || return 1
	if [ -s "$w.qpdf" ]; then
		head -3 "$w.qpdf"
		bad=1
	fi
	rm -f "$w.qpdf"
	# The monthly manifests list exactly the register's documents, but
	# for a month the register marks stale in the same transaction as
	# its documents (a manifest that could not be written, on a full
	# disk): the next naskah to open the office writes it.
	stale=$(rsql "$db" "SELECT group_concat(bulan, ' ') FROM
	    manifest_stale" 2>/dev/null || true)
	rsql -separator , "$db" "SELECT path, sha256, size FROM documents
	    WHERE substr(created, 1, 7) NOT IN (SELECT bulan FROM
	    manifest_stale)" | sort > "$w.want" || return 1
	for m in "$o"/manifest/*.csv; do
		case " $stale " in *" $(basename "$m" .csv) "*) continue ;; esac
		[ -f "$m" ] && tail -n +2 "$m"
	done | cut -d, -f1,5,6 | sort > "$w.have"
	if ! cmp -s "$w.want" "$w.have"; then
		echo "manifests and register differ (< register, > manifests):"
		diff "$w.want" "$w.have" | grep '^[<>]' | head -5
		bad=1
	fi
	rm -f "$w.want" "$w.have"
	t=$(find "$o" -name '.*.tmp' | head -3)
	[ -z "$t" ] || { echo "temporaries left: $t"; bad=1; }
	return $bad
}

# kill_runs DIR KILLS MAXDELAY_MS: starts `naskah run` on DIR again and
# again, each time SIGKILLing it after a random delay below MAXDELAY_MS,
# until KILLS kills landed on a live process (or 4*KILLS tries).  Sets
# KILLED to the number that landed.
kill_runs() {
	KILLED=0
	tries=0
	while [ "$KILLED" -lt "$2" ] && [ "$tries" -lt $(($2 * 4)) ]; do
		tries=$((tries + 1))
		"$NASKAH" run -q --input "$1/in" --output "$1/out" \
		    >/dev/null 2>&1 &
		pid=$!
		ms=$(rand "$3")
		sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
		kill -9 "$pid" 2>/dev/null || true
		# 137: it died of the SIGKILL, not of having finished.
		st=0
		wait "$pid" 2>/dev/null || st=$?
		[ "$st" -ne 137 ] || KILLED=$((KILLED + 1))
	done
}

# with_tmpfs DIR SIZE: mounts a tmpfs of SIZE on DIR (an output folder
# beside its in/) and makes its register; 1 if not allowed.
with_tmpfs() {
	mkdir -p "$1"
	mount -t tmpfs -o "size=$2" tmpfs "$1" 2>/dev/null || return 1
	init_out "$(dirname "$1")" "$1"
}

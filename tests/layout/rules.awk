# rules.awk -- checks that a golden layout (NAME.txt, the text device's
# output) keeps the pagination rules; prints one line per breach and
# exits 1 if any.  The fixtures made to break at a rule tag their text:
# a word with Qx (x a letter) belongs to paragraph or list item "Qx", a
# cell Rx01, Rx02, ... is a data row of table "Rx", "Fd" starts each value
# of a fields block that is never split.  Run by tests/e2e/t_pages.sh.
#   - a family of lines or rows on more than one page has >= 2 on each;
#   - a page with a JUMLAH row has >= 2 data rows;
#   - a heading ("A. Ringkasan", bold at the left margin) or a line
#     ending in a colon has >= 2 lines or rows of what it heads under it
#     on its page;
#   - the signature's page (its stamp) has >= 2 lines or rows above it,
#     and >= 3 with the "Demikian" line among them when there is one;
#   - every Fd value is on one page;
#   - no text is drawn past the top or bottom margin.
function flush(   k, f, n, i, y, cnt, hb) {
	if (pg == 0)
		return
	for (k in fam) {
		split(k, f, SUBSEP)
		if (f[1] != pg)
			continue
		famp[f[2]] = famp[f[2]] + 1
		if (fam[k] < 2)
			low[f[2]] = low[f[2]] " " pg ":" fam[k]
	}
	if (jum)
		jumrows[pg] = rows + 0
	for (i = 1; i <= nh; i++) {
		cnt = 0
		delete seen
		for (n = 1; n <= nl; n++)
			if (ly[n] < hy[i] && !(ly[n] in seen) && lreg[n]) {
				seen[ly[n]] = 1
				cnt++
			}
		if (cnt < 2)
			bad("page " pg ": heading \"" hs[i] "\" has " cnt " lines under it")
	}
	if (stamp) {
		cnt = 0
		delete seen
		for (n = 1; n <= nl; n++)
			if (ly[n] > sigy + 2 && !(ly[n] in seen)) {
				seen[ly[n]] = 1
				cnt++
			}
		if (cnt < (demi ? 3 : 2))
			bad("page " pg ": signature with " cnt " lines above it")
		if (demall && !demi)
			bad("page " pg ": signature without its Demikian line")
	}
	if (fd)
		fdp++
	nl = nh = jum = rows = stamp = demi = fd = 0
	sigy = 0
}
function bad(m) {
	print FILENAME ": " m
	status = 1
}
/^page / { flush(); pg = $2 + 0; inpage = 1; split($3, wh, "x"); pw = wh[1]; ph = wh[2]; next }
/^overlay / { flush(); pg = 0; inpage = 0; next }
/^end / { flush(); pg = 0; inpage = 0; next }
!inpage { next }
$1 == "stamp" {
	stamp = 1
	next
}
$1 == "text" {
	split($2, xy, ",")
	x = xy[1] + 0; y = xy[2] + 0
	st = $3
	size = substr(st, 2) + 0
	s = $0
	sub(/^[^"]*"/, "", s)
	sub(/"$/, "", s)
	# Nothing drawn past the page's margins (kept content moved to a
	# page it does not fit).
	if (y < 50 || y > ph - 40)
		bad("page " pg ": text at y " y " outside the margins: " s)
	if (size != 11 && size != 9)
		next
	# The signature block: its first line, on the right, before its
	# stamp; lines above it are what keeps it company.
	if (!stamp && x > pw * 0.5 && size == 11 && sigy == 0 && s ~ /, [0-9]+ [A-Z][a-z]+ [0-9][0-9][0-9][0-9]$|^Mengetahui/)
		sigy = y
	if (stamp)
		next
	nl++
	ly[nl] = y
	lreg[nl] = substr(st, 1, 1) == "R"
	if (s ~ /^Demikian/) {
		demi = 1
		demall = 1
	}
	if ((substr(st, 1, 1) == "B" && size == 11 && x < 72 && s ~ /^[A-Z]\. /) ||
	    (size == 11 && x < 110 && s ~ /:$/)) {
		nh++
		hy[nh] = y
		hs[nh] = s
	}
	if (s ~ /^R[a-z][0-9]+$/) {
		fam[pg, substr(s, 1, 2)]++
		rows++
		tagged = 1
	} else if (s == "JUMLAH")
		jum = 1
	else if (match(s, /Q[a-z]/))
		fam[pg, substr(s, RSTART, 2)]++
	if (s ~ /^Fd /)
		fd = 1
	next
}
END {
	flush()
	for (k in famp)
		if (famp[k] > 1 && low[k] != "")
			bad("family " k " split with fewer than 2 on page:" low[k])
	for (k in jumrows)
		if (tagged && jumrows[k] < 2)
			bad("page " k ": JUMLAH with " jumrows[k] " data rows")
	if (fdp > 1)
		bad("the fields block is split over " fdp " pages")
	exit status
}

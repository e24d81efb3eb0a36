# bash completion for naskah(1): commands, each command's options (and
# --register DB|URL, which every command takes), and the report names
# (BAGIAN) of the installed templates, which `naskah --help` lists (so
# NASKAH_DATADIR is honoured).
_naskah()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local cmds="init run report check key verify restore batal ralat agenda find register"
	local cmd="" arg="" i w

	# The command is the first word that is no option nor an option's
	# value; report's BAGIAN (register's migrate) the next.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--input|--output|--date|--month|--semester|--since|--year|--book|--format|\
		--nik|--nama|--nomor|--register|--jenis|--dari|--sampai|\
		--manifest|--root|--public-key|--code|--alasan|--from|--to)
			((i++)) ;;
		-*)	;;
		*)	if [[ -z $cmd ]]; then cmd=$w; elif [[ -z $arg ]]; then arg=$w; fi ;;
		esac
	done
	case $prev in
	--input|--output|--root)
		COMPREPLY=($(compgen -d -- "$cur")); return ;;
	--manifest|--public-key|--from)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--register)
		# After find, also the no_register searched for.
		COMPREPLY=($(compgen -f -X '!*.db' -- "$cur") $(compgen -d -- "$cur"))
		return ;;
	--book)
		COMPREPLY=($(compgen -W "keluar masuk" -- "$cur")); return ;;
	--format)
		COMPREPLY=($(compgen -W "csv pdf" -- "$cur")); return ;;
	--date|--month|--semester|--since|--year|--nik|--nama|--nomor|\
	--jenis|--dari|--sampai|--code|--alasan|--to|--jobs)
		return ;;
	esac
	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "$cmds --register --help --version" -- "$cur"))
		return
	fi
	local io="--input --output --register --help" opts=""
	case $cmd in
	init)	opts="--since -q $io" ;;
	run)	opts="--date --jobs -q -v $io" ;;
	report)	if [[ $arg == skm ]]; then opts="--semester"; else opts="--month --kabupaten"; fi
		opts="$opts --date -q -v $io"
		if [[ -z $arg && $cur != -* ]]; then
			local names
			names=$(naskah --help 2>/dev/null |
			    sed -n 's/^Reports (BAGIAN): //p' | tr -d ,)
			COMPREPLY=($(compgen -W "$names" -- "$cur"))
			return
		fi ;;
	check)	opts="-q $io" ;;
	key)	opts="--public --page $io" ;;
	verify)	opts="--code --public-key --manifest --root -q $io"
		if [[ $cur != -* ]]; then
			COMPREPLY=($(compgen -f -X '!*.pdf' -- "$cur") $(compgen -d -- "$cur"))
			return
		fi ;;
	restore) opts="--all -q -v $io" ;;
	batal)	opts="--alasan --date -q $io" ;;
	ralat)	opts="--date -q $io" ;;
	agenda)	opts="--year --book --format --date -q $io" ;;
	find)	opts="--nik --nama --nomor --register --jenis --dari --sampai --input --output --help" ;;
	register)
		if [[ -z $arg && $cur != -* ]]; then
			COMPREPLY=($(compgen -W "migrate" -- "$cur"))
			return
		fi
		opts="--from --to -q --help" ;;
	esac
	COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
complete -F _naskah naskah

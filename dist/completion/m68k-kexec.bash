# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# Bash completion for m68k-kexec's commands: kexec, bootinfo, vmcore-dmesg,
# kdump-config, and the host-side names m68k-kexec-plan (kexec --dry-run)
# and m68k-vmcore-dmesg.
#
# One file, installed once per command under bash-completion's directory
# (/usr/share/bash-completion/completions/COMMAND), as bash-completion
# loads a command's completion on first use from the file named after it.
# Installed under a command's name it registers that command only, so that
# it never takes over a command of the same name from another package;
# sourced under its own name (". m68k-kexec.bash") it registers them all.
# It needs bash alone, not bash-completion's functions.
#
# The options are those each command's --help lists (tests/dist/run.sh
# compares them); kexec-tools' options that m68k refuses are not offered.

# The words as the user sees them: bash splits "--opt=val" into "--opt",
# "=" and "val" when COMP_WORDBREAKS has "=" (the default); they are joined
# again here.  Sets:
#   _m68k_words  the words between the command and the current one
#   _m68k_prev   the last of them, or ""
#   _m68k_cur    the current word ("--initrd=/bo")
#   _m68k_pre    the part of _m68k_cur that bash will not replace
#                ("--initrd=" when it split there, "" when it did not): a
#                reply leaves it out
_m68k_comp_words() {
	local i w joined=""
	_m68k_words=()
	for ((i = 1; i <= COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if ((i > 1)) && [[ $w == "=" || ${COMP_WORDS[i - 1]} == "=" ]]; then
			joined+=$w
		else
			((i > 1)) && _m68k_words+=("$joined")
			joined=$w
		fi
	done
	_m68k_cur=$joined
	_m68k_pre=${joined%"${COMP_WORDS[COMP_CWORD]}"}
	_m68k_prev=""
	if ((${#_m68k_words[@]})); then
		_m68k_prev=${_m68k_words[${#_m68k_words[@]} - 1]}
	fi
}

# _m68k_reply WORD...: COMPREPLY is the WORDs that start with the current
# word; one ending in "=" takes its value in the same word (no space).
_m68k_reply() {
	local w
	COMPREPLY=()
	for w in "$@"; do
		[[ $w == "$_m68k_cur"* ]] && COMPREPLY+=("${w#"$_m68k_pre"}")
	done
	if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]]; then
		compopt -o nospace 2>/dev/null
	fi
	return 0
}

# _m68k_files [-d]: the files (-d: directories) that complete the value in
# the current word, after "--opt=" when it has one.
_m68k_files() {
	local value=$_m68k_cur head="" f
	if [[ $value == --*=* ]]; then
		head=${value%%=*}=
		value=${value#*=}
	fi
	compopt -o filenames 2>/dev/null
	COMPREPLY=()
	while IFS= read -r f; do
		COMPREPLY+=("${head#"$_m68k_pre"}$f")
	done < <(compgen "${1:--f}" -- "$value")
	return 0
}

_m68k_kexec_opts=(
	-l --load -e --exec -f --force -u --unload -S --status --print-ckr-size
	-p --load-panic --command-line= --reuse-cmdline --append= --initrd=
	--ramdisk= --bootinfo= --dry-run --json --mem-min= --mem-max= --entry=
	--no-mem-check -i --no-checks --crash-region= -d --debug -x --no-ifdown
	-y --no-sync -t --type= -c --kexec-syscall -a --kexec-syscall-auto
	-s --kexec-file-syscall -v --version -h --help
)

_m68k_kexec() {
	_m68k_comp_words
	case $_m68k_cur in
	--initrd=* | --ramdisk=* | --bootinfo=*)
		_m68k_files
		return
		;;
	--type=*)
		_m68k_reply --type=elf-m68k
		return
		;;
	--*=*)
		COMPREPLY=()
		return
		;;
	esac
	# getopt also takes the value as the next word.
	case $_m68k_prev in
	-t | --type)
		_m68k_reply elf-m68k
		return
		;;
	--initrd | --ramdisk | --bootinfo)
		_m68k_files
		return
		;;
	--command-line | --append | --mem-min | --mem-max | --entry | --crash-region)
		COMPREPLY=()
		return
		;;
	esac
	if [[ $_m68k_cur == -* ]]; then
		_m68k_reply "${_m68k_kexec_opts[@]}"
	else
		_m68k_files
	fi
}

_m68k_vmcore_dmesg() {
	_m68k_comp_words
	if [[ $_m68k_cur == -* ]]; then
		_m68k_reply -h --help -V --version
	else
		_m68k_files
	fi
}

_m68k_bootinfo_edits=(--cmdline --append-cmdline --ramdisk --no-ramdisk
	--memchunk --del-memchunk --set --del)

# The machines "bootinfo new --machine" knows, from its --help.
_m68k_bootinfo_machines() {
	"$1" --help 2>/dev/null | awk '/^Machines for new:/ { on = 1; sub(/^Machines for new:/, "") }
		on { line = $0; sub(/\.$/, "", line); print line; if ($0 ~ /\.$/) exit }'
}

_m68k_bootinfo() {
	local cmd
	_m68k_comp_words
	if ((${#_m68k_words[@]} == 0)); then
		# The command.
		if [[ $_m68k_cur == -* ]]; then
			_m68k_reply -h --help -v --version
		else
			_m68k_reply show check edit new
		fi
		return
	fi
	cmd=${_m68k_words[0]}
	case $_m68k_prev in
	--machine)
		[[ $cmd == new ]] || return
		# shellcheck disable=SC2046 # one machine name per word
		_m68k_reply $(_m68k_bootinfo_machines "${COMP_WORDS[0]}")
		return
		;;
	-o | --output)
		_m68k_files
		return
		;;
	--cmdline | --append-cmdline | --ramdisk | --memchunk | --del-memchunk | --set | --del)
		COMPREPLY=()
		return
		;;
	esac
	if [[ $_m68k_cur != -* ]]; then
		case $cmd in
		show | check | edit) _m68k_files ;;
		*) COMPREPLY=() ;;
		esac
		return
	fi
	case $cmd in
	show) _m68k_reply --json ;;
	check) _m68k_reply -q --quiet ;;
	edit) _m68k_reply -o --output -f --force "${_m68k_bootinfo_edits[@]}" ;;
	new) _m68k_reply --machine -o --output -f --force "${_m68k_bootinfo_edits[@]}" ;;
	*) COMPREPLY=() ;;
	esac
}

_m68k_kdump_config() {
	local w cmd=""
	_m68k_comp_words
	case $_m68k_prev in
	--config | --vmcore)
		_m68k_files
		return
		;;
	--state-dir | --target)
		_m68k_files -d
		return
		;;
	esac
	# The command is the first word that is neither an option nor the
	# value of one.
	for ((w = 0; w < ${#_m68k_words[@]}; w++)); do
		case ${_m68k_words[w]} in
		--config | --vmcore | --state-dir | --target) ((w++)) ;;
		-*) ;;
		*)
			cmd=${_m68k_words[w]}
			break
			;;
		esac
	done
	if [[ $_m68k_cur == -* ]]; then
		_m68k_reply --config --state-dir --vmcore --target --no-return -h --help -V --version
	elif [[ -z $cmd ]]; then
		_m68k_reply show status load unload mkinitrd savecore
	elif [[ $cmd == mkinitrd && $_m68k_prev == mkinitrd ]]; then
		_m68k_files
	else
		COMPREPLY=()
	fi
}

# Register the command this file is installed as, or every command.
_m68k_register() {
	local name=${BASH_SOURCE[0]##*/} all=(kexec m68k-kexec-plan bootinfo vmcore-dmesg
		m68k-vmcore-dmesg kdump-config) c
	case " ${all[*]} " in
	*" $name "*) all=("$name") ;;
	esac
	for c in "${all[@]}"; do
		case $c in
		kexec | m68k-kexec-plan) complete -F _m68k_kexec "$c" ;;
		bootinfo) complete -F _m68k_bootinfo "$c" ;;
		vmcore-dmesg | m68k-vmcore-dmesg) complete -F _m68k_vmcore_dmesg "$c" ;;
		kdump-config) complete -F _m68k_kdump_config "$c" ;;
		esac
	done
}
_m68k_register
unset -f _m68k_register

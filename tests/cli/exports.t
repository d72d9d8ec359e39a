#!/bin/sh
# exports.t - wl.h is the programs' interface and nothing more: the
# functions it declares are the list in tests/data/exports (adding one
# is a choice made there, not an accident), each is used by a program,
# and no program reaches past it into the library's own headers.
. "$(dirname "$0")/lib.sh"

src=${WL_SRC:?WL_SRC names the source tree}
list=$src/tests/data/exports

# The functions wl.h declares: in its text without comments (the
# preprocessor drops them) and without typedefs, every wl_ name before
# a '('.
cc -E -P -D_GNU_SOURCE -I"$src/lib" "$src/lib/wl.h" >"$T/wl.i" 2>"$T/cc.err"
is "$?" 0 "wl.h compiles on its own"
grep -v '^typedef' "$T/wl.i" | grep -oE '\bwl_[a-z0-9_]+[[:space:]]*\(' |
    tr -d '( \t' |
    sort -u >"$T/declared"
same "$T/declared" "$list" "wl.h declares exactly the functions of tests/data/exports"
count=$(wc -l <"$list" | tr -d ' ')
ok "$([ "$count" -le 75 ]; echo $?)" "  and they are few: $count (at most 75)"

# Each is what some program calls.
unused=
while read -r f; do
	grep -qw "$f" "$src"/cmd/*.c "$src"/cmd/*.h || unused="$unused $f"
done <"$list"
is "$unused" "" "every function of wl.h is used by a program"

# The programs include wl.h and their own headers only.
inside=$(grep -hoE '#include "[^"]+"' "$src"/cmd/*.c "$src"/cmd/*.h |
    sed 's/#include "//; s/"$//' | sort -u | while read -r h; do
	[ -e "$src/cmd/$h" ] || [ "$h" = wl.h ] || echo "$h"; done)
is "$inside" "" "no program includes a header of the library's inside"

done_testing

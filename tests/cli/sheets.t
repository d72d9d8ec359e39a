#!/bin/sh
# sheets.t - lists as a Dutch office opens them.  Three pilots
# (tests/data/lists/pilots.jsonl) and hostile texts that a spreadsheet
# would take for formulas (tests/data/lists/hostile.jsonl: an advice
# '=HYPERLINK(...)', one '-1+2; @SUM(A1)', a note '+31 6 ...').
#   -o xlsx   read by real readers: python3-openpyxl (sheet name, bold
#             header, frozen pane, autofilter, typed cells: datetime for
#             dates, int for counts, the hostile texts as strings and no
#             formula anywhere, widths that fit), and LibreOffice Calc
#             converting it to csv; both give the rows of -o tsv.
#   --sep ';' a Dutch csv that LibreOffice's csv import (infilter
#             CSV:59,34,76,1) reads in the right columns.
# Refused: xlsx on a terminal, a --sep that is no one byte or for
# another format, --sep twice.  A workbook that cannot be made writes
# nothing (an unwritable TMPDIR; with the fault build, every failed
# allocation of a sweep).
top=$(cd "$(dirname "$0")/../.." && pwd)
D=$top/tests/data/lists
. "$top/tests/cli/lib.sh"

py=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import openpyxl' >/dev/null 2>&1; then
		py=$p
		break
	fi
done
if [ -z "$py" ] || ! command -v soffice >/dev/null 2>&1; then
	echo "1..0 # skip python3-openpyxl or LibreOffice missing (.ci/deps test installs them)"
	exit 0
fi
# LibreOffice keeps its profile in $HOME: a fresh one per run.
export HOME="$T/home"
mkdir -p "$HOME"

cat "$D/pilots.jsonl" "$D/hostile.jsonl" >werklab.jsonl

# The reader: what a workbook or a csv holds, as rows of tab-separated
# text (a date as YYYY-MM-DD, a number as its digits, an empty cell
# empty), and the facts of a workbook.
cat >"$T/sheet.py" <<'EOF'
import csv, datetime, sys
def text(v):
    if v is None:
        return ''
    if isinstance(v, datetime.datetime):
        return v.date().isoformat() if v.time() == datetime.time() else v.isoformat()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)
def out(rows):
    for r in rows:
        print('\t'.join(text(v) for v in r))
mode, path = sys.argv[1], sys.argv[2]
if mode == 'csv':
    with open(path, newline='', encoding='utf-8-sig') as f:
        out(csv.reader(f, delimiter=sys.argv[3]))
    sys.exit(0)
import openpyxl
wb = openpyxl.load_workbook(path)
ws = wb.active
if mode == 'rows':
    out(ws.iter_rows(values_only=True))
    sys.exit(0)
if mode == 'ncols':
    print(' '.join(sorted({str(len(r)) for r in ws.iter_rows(values_only=True)})))
    sys.exit(0)
rows = list(ws.iter_rows())
print('sheets:', ' '.join(wb.sheetnames))
print('freeze:', ws.freeze_panes)
print('filter:', ws.auto_filter.ref)
print('bold header:', all(c.font.b for c in rows[0]))
# Per column: the Python types of its cells below the header.
for col in zip(*rows):
    kinds = sorted({type(c.value).__name__ for c in col[1:] if c.value is not None})
    print('column', col[0].value + ':', ' '.join(kinds) or '-')
print('formulas:', sum(c.data_type == 'f' for r in rows for c in r))
# A column narrower than its longest cell (up to 60) would hide it.
narrow = []
for col in zip(*rows):
    letter = col[0].column_letter
    need = min(60, max(len(text(c.value)) for c in col))
    width = ws.column_dimensions[letter].width
    if width < need:
        narrow.append('%s %s<%s' % (col[0].value, width, need))
print('narrow:', ' '.join(narrow) or 'none')
EOF
sheet() { "$py" "$T/sheet.py" "$@"; }

# --- the advice of three pilots as a workbook ------------------------------
run wl-advice list --all -o xlsx
is "$rc:$err" "0:" "wl-advice list --all -o xlsx > advies.xlsx: exit 0, nothing on stderr"
cp "$T/.out" advies.xlsx
is "$(head -c 2 advies.xlsx)" "PK" "  a zip file, as a workbook is"
wl-advice list --all -o tsv >advies.tsv
sheet rows advies.xlsx >got.tsv
same got.tsv advies.tsv "  openpyxl reads the rows of -o tsv, cell for cell"
sheet facts advies.xlsx >facts
cat >want <<'EOF'
sheets: advice
freeze: A2
filter: A1:M20
bold header: True
column id: str
column perspective: str
column status: str
column support: int
column reservations: int
column objections: int
column stale: int
column text: str
column status-date: datetime
column status-note: str
column municipality: str
column date: datetime
column session: str
formulas: 0
narrow: none
EOF
same facts want "  one sheet 'advice', a bold header, pane frozen below it, an autofilter, dates datetime, counts int, no formula, widths that fit"
is "$(grep -c 'HYPERLINK' got.tsv)" 1 "  the hostile text is in it once"
is "$(grep -F '=HYPERLINK("https://example.org","klik")' got.tsv | cut -f 8)" \
    '=HYPERLINK("https://example.org","klik")' "  as the string it is, not a formula (a cell of str above)"
is "$(grep -F -- '-1+2; @SUM(A1)' got.tsv | cut -f 4-7)" "$(printf '0\t0\t0\t0')" \
    "  '-1+2; @SUM(A1)' is text, its counts numbers"

# The same list, the same bytes (created: wl's clock, WL_NOW).
sleep 1
wl-advice list --all -o xlsx >again.xlsx
same again.xlsx advies.xlsx "  made again a second later: the same bytes"
is "$("$py" -c 'import openpyxl, sys; print(openpyxl.load_workbook(sys.argv[1]).properties.created.isoformat())' advies.xlsx)" \
    "2026-06-14T09:30:00" "  created as WL_NOW says"

# LibreOffice Calc, headless, as a colleague would open it.
soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1' \
    --outdir lo advies.xlsx >lo.out 2>&1
ok $? "soffice --convert-to csv advies.xlsx"
sheet csv lo/advies.csv , >lo.tsv
same lo.tsv advies.tsv "  LibreOffice reads the same rows: dates as dates shown YYYY-MM-DD, the hostile texts as text"

# --- the other lists: agreements (due), notes (block) ----------------------
wl-advice list --all --agreements -o xlsx >afspraken.xlsx
wl-advice list --all --agreements -o tsv >afspraken.tsv
sheet rows afspraken.xlsx >got.tsv
same got.tsv afspraken.tsv "agreements --all -o xlsx: the rows of -o tsv"
is "$(sheet facts afspraken.xlsx | grep -E '^(sheets|column (due|status-date|date)):' | tr '\n' '|')" \
    "sheets: agreements|column due: datetime|column status-date: datetime|column date: datetime|" \
    "  sheet 'agreements', due and the dates as dates"
wl-note list --all -o xlsx >notities.xlsx
wl-note list --all -o tsv >notities.tsv
sheet rows notities.xlsx >got.tsv
same got.tsv notities.tsv "notes --all -o xlsx: the rows of -o tsv"
is "$(sheet facts notities.xlsx | grep -E '^(sheets|column (block|text)|formulas):' | tr '\n' '|')" \
    "sheets: notes|column block: int|column text: str|formulas: 0|" \
    "  sheet 'notes', block a number, text strings, no formula"
is "$(grep -c '+31 6 12345678, bel maar' got.tsv)" 1 "  '+31 6 ...' stays the text it is"

# --anonymous: the same rows as the other formats', masked alike.
wl-advice list --all --agreements --anonymous -o xlsx >anon.xlsx
wl-advice list --all --agreements --anonymous -o tsv >anon.tsv
sheet rows anon.xlsx >got.tsv
same got.tsv anon.tsv "agreements --anonymous -o xlsx: the masked rows of -o tsv"
is "$(cut -f 3 afspraken.tsv | sort -u | tr '\n' ' ' | grep -c 'Ruud Peeters')" 1 \
    "  (without --anonymous, an owner's name is there)"
is "$(grep -c 'Ruud Peeters' got.tsv)" 0 "  with it, nowhere"
wl-note list --all --anonymous -o xlsx >anon.xlsx
wl-note list --all --anonymous -o tsv >anon.tsv
sheet rows anon.xlsx >got.tsv
same got.tsv anon.tsv "notes --anonymous -o xlsx: the masked rows of -o tsv"

# A list with no rows: the header, its filter on it.
zw=$(wl-session list -o tsv | awk -F '\t' '$3 == "Zwolle" { print $1 }')
wl-advice list -s "$zw" --status adopted -o xlsx >leeg.xlsx
is "$(sheet rows leeg.xlsx)" "$(wl-advice list -s "$zw" -o tsv | head -n 1)" \
    "an empty list: a workbook with the header row only"
is "$(sheet facts leeg.xlsx | grep '^filter:')" "filter: A1:J1" "  its filter on the header"

# --- csv for a Dutch Excel: --sep ';' through LibreOffice's csv import ------
run wl-advice list --all -o csv --sep ';'
is "$rc:$err" "0:" "wl-advice list --all -o csv --sep ';': exit 0"
cp "$T/.out" advies.csv
is "$(head -n 1 advies.csv)" "$(printf '\357\273\277id;perspective;status;support;reservations;objections;stale;text;status-date;status-note;municipality;date;session\r')" \
    "  the header separated by ';'"
like "$(cat advies.csv)" '"Neem initiatiefnemers serieus en laat dat zien door snel te reageren";|;Neem initiatiefnemers serieus en laat dat zien door snel te reageren;' \
    "  a text without ';' is as it is"
soffice --headless --infilter='CSV:59,34,76,1' --convert-to xlsx --outdir lo \
    advies.csv >lo.out 2>&1
ok $? "soffice --infilter=CSV:59,34,76,1 --convert-to xlsx advies.csv"
is "$(sheet ncols lo/advies.xlsx)" 13 "  every row in 13 columns"
# The csv guards a text that starts as a formula with a quote ('=...),
# which the import keeps: the rest is -o tsv, cell for cell.
sheet rows lo/advies.xlsx >got.tsv
awk -F '\t' -v OFS='\t' '{ for (i = 1; i <= NF; i++) if ($i ~ /^[-=+@]/) $i = "'\''" $i; print }' \
    advies.tsv >want.tsv
same got.tsv want.tsv "  the rows of -o tsv, the guarded texts with their quote"
is "$(sheet facts lo/advies.xlsx | grep -E '^column (support|status-date|date|text):' | tr '\n' '|')" \
    "column support: int|column text: str|column status-date: datetime|column date: datetime|" \
    "  LibreOffice takes the counts for numbers, the dates for dates, the texts for text"
# A text that holds the separator is quoted.
wl-advice list --all -o csv --sep '+' >plus.csv
is "$(grep -c '"Zorg voor een klein budget dat initiatieven zonder aanvraag mogen gebruiken"' plus.csv)" 0 \
    "--sep '+': a text without '+' is not quoted"
like "$(grep 0094db5dcd981435 plus.csv)" "\"'=HYPERLINK" "  one that starts with a formula is guarded"
like "$(grep 02bc67bfa1e287e0 plus.csv)" "\"'-1\\+2; @SUM\\(A1\\)\"" "  one that holds '+' is quoted"

# --- --labels: the report's words in the cells, canonical values in json ----
wl-advice list --all --labels nl -o xlsx >woorden.xlsx
sheet rows woorden.xlsx >got.tsv
is "$(grep 0f13dcf1d153cd7f got.tsv | cut -f 2,3)" \
    "$(printf 'Wat we nodig hebben van onze organisatie en leidinggevende\tovergenomen')" \
    "--labels nl -o xlsx: perspective and status in the report's Dutch words"
is "$(head -n 1 got.tsv)" "$(head -n 1 advies.tsv)" "  the header as it was"
# Every cell but those two columns' is the plain list's.
is "$(cut -f 1,4- got.tsv | md5sum)" "$(cut -f 1,4- advies.tsv | md5sum)" "  the other cells as they were"
is "$(wl-advice list --all --labels en -o tsv | grep 0f13dcf1d153cd7f | cut -f 2,3)" \
    "$(printf 'What we need from our organisation and manager\tadopted')" "--labels en: the English report's words"
is "$(wl-advice list --all --agreements --labels nl -o csv --sep ';' | grep f607fc10dfa922e2 | cut -d ';' -f 2)" \
    "gedaan" "agreements --labels nl -o csv: 'gedaan'"
is "$(wl-note list --all -k do --labels nl -o table | sed -n 2p | awk '{ print $2 }')" \
    "Do's" "notes --labels nl -o table: kind 'Do's'"
is "$(wl-session people -s "$zw" --labels nl -o tsv | cut -f 2 | sort -u | tr '\n' ' ')" \
    "ambtenaar initiatiefnemer role " "people --labels nl: roles 'ambtenaar', 'initiatiefnemer'"
wl-advice list --all -o json >plain.json
wl-advice list --all --labels nl -o json >labels.json
same labels.json plain.json "--labels nl -o json: the canonical values, byte for byte"
wl-note list --all --labels nl -o jsonl >labels.jsonl
wl-note list --all -o jsonl >plain.jsonl
same labels.jsonl plain.jsonl "--labels nl -o jsonl: the journal as it is"

# --- refused -----------------------------------------------------------------
refuses "--sep ';;' (one byte)" wl-advice list --all -o csv --sep ';;'
is "$err" "wl-advice: --sep takes one byte that is no letter, digit, quote or line end, such as ';' or ',', not ';;' (see 'wl-advice --help')" \
    "  and says what it takes"
refuses "--sep '' (one byte)" wl-note list --all -o csv --sep ''
refuses "--sep x (a letter)" wl-note list --all -o csv --sep x
refuses "--sep '\"' (a quote)" wl-note list --all -o csv --sep '"'
refuses "--sep with -o tsv" wl-note list --all -o tsv --sep ';'
is "$err" "wl-note: --sep is for -o csv (see 'wl-note --help')" "  and says for what"
refuses "--sep with -o xlsx" wl-advice list --all -o xlsx --sep ';'
refuses "--sep given twice" wl-advice list --all -o csv --sep ';' --sep ','
refuses "--labels de (nl or en)" wl-advice list --all --labels de
is "$err" "wl-advice: unknown --labels 'de' (one of: nl, en) (see 'wl-advice --help')" "  and names the two"
refuses "--labels given twice" wl-note list --all --labels nl --labels en
if command -v script >/dev/null 2>&1 && script -qec true /dev/null >/dev/null 2>&1; then
	script -qec "wl-advice list --all -o xlsx; echo rc=\$?" /dev/null >tty.out 2>&1 </dev/null
	like "$(cat tty.out)" "^wl-advice: -o xlsx writes a workbook, not text for a terminal: redirect it to a file, as in -o xlsx > list.xlsx" \
	    "-o xlsx on a terminal: refused, with how to write it"
	like "$(cat tty.out)" "rc=2" "  exit 2"
	is "$(grep -c PK tty.out)" 0 "  and no byte of a workbook"
else
	skip 3 "no script(1)"
fi

# --- a workbook that cannot be made writes nothing ---------------------------
TMPDIR=$T/none wl-advice list --all -o xlsx >half.xlsx 2>half.err
is "$?" 2 "no temporary directory for the workbook: exit 2"
is "$(wc -c <half.xlsx | tr -d ' ')" 0 "  and not a byte in the file"
like "$(cat half.err)" "^wl-advice: cannot write" "  with a message"
wl-advice list --all -o xlsx >/dev/full 2>full.err
is "$?" 2 "-o xlsx > /dev/full: exit 2"

# With the fault build: each allocation of ours failing in turn (every
# 7th, to be quick), the workbook is whole or not there at all.
if [ -n "${WL_FAULT_BIN:-}" ] && [ -x "$WL_FAULT_BIN/wl-advice" ] &&
    command -v unzip >/dev/null 2>&1; then
	WL_FAULT=malloc:0 WL_FAULT_COUNT="$T/count" \
	    "$WL_FAULT_BIN/wl-advice" list --all -o xlsx >/dev/null 2>&1 </dev/null
	count=$(cat "$T/count")
	k=1 bad= failed_runs=0
	while [ "$k" -le "$count" ]; do
		WL_FAULT=malloc:$k "$WL_FAULT_BIN/wl-advice" list --all \
		    -o xlsx >f.xlsx 2>/dev/null </dev/null
		frc=$?
		if [ "$frc" -eq 0 ]; then
			unzip -tq f.xlsx >/dev/null 2>&1 || bad="$bad $k:broken"
		else
			failed_runs=$((failed_runs + 1))
			[ "$frc" -eq 2 ] && [ ! -s f.xlsx ] || bad="$bad $k:rc$frc/$(wc -c <f.xlsx)"
		fi
		k=$((k + 7))
	done
	is "$bad" "" "malloc failing (1..$count, every 7th): a whole workbook, or exit 2 and an empty file"
	ok "$([ "$failed_runs" -gt 0 ]; echo $?)" "  and some of them failed ($failed_runs)"
else
	skip 2 "no fault-injecting binaries (make fault; WL_FAULT_BIN)"
fi

done_testing

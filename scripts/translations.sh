#!/usr/bin/env bash
# The catalogues of labnet/translations: extract the marked strings, update each language's
# messages.po, compile them.
#
#   bash scripts/translations.sh            extract, update every catalogue, compile
#   bash scripts/translations.sh extract    only write labnet/translations/messages.pot
#   bash scripts/translations.sh update     extract, then update the .po files (new strings
#                                           arrive empty, changed ones marked fuzzy)
#   bash scripts/translations.sh compile    only compile the .po files into .mo
#   bash scripts/translations.sh todo       list what each catalogue still lacks
#   bash scripts/translations.sh init LANG  start a catalogue for a new language
#
# After a merge brings new strings: `update`, translate every empty or fuzzy entry (the
# test tests/i18n/test_catalogues.py names each), then `compile`.
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL=${PYBABEL:-.venv/bin/pybabel}
[ -x "$PYBABEL" ] || PYBABEL=pybabel
DIR=labnet/translations
POT=$DIR/messages.pot
LANGUAGES="fr es pt ar"

extract() {
  # no file locations and sorted: a merge of two branches' catalogues conflicts only where
  # both translated the same message
  "$PYBABEL" --quiet extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
    --no-wrap --project labnet --copyright-holder "labnet contributors" -o "$POT" .
}

update() {
  for lang in $LANGUAGES; do
    "$PYBABEL" --quiet update -i "$POT" -d "$DIR" -l "$lang" --no-wrap --ignore-obsolete \
      --init-missing
  done
}

compile() {
  "$PYBABEL" --quiet compile -d "$DIR"  # fuzzy entries are left out until reviewed
}

todo() {
  PYTHON=.venv/bin/python; [ -x "$PYTHON" ] || PYTHON=python3
  "$PYTHON" -m tests.i18n.catalogues
}

case "${1:-all}" in
  extract) extract ;;
  update) extract; update ;;
  compile) compile ;;
  todo) todo ;;
  init) extract; "$PYBABEL" --quiet init -i "$POT" -d "$DIR" -l "${2:?language code}" --no-wrap ;;
  all) extract; update; compile ;;
  *) echo "usage: $0 [extract|update|compile|todo|init LANG]" >&2; exit 2 ;;
esac

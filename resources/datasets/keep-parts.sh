# Sourced by the scripts that grow a dataset in parts over sessions (make-spinodoid.sh,
# make-al-round2.sh): keep_parts DEST FILE… compacts each part generated so far into DEST/ (a
# snapshot first, since generation may still be appending; each append renames a complete file
# in), merging it alone to write its samples in one go, and checks the kept file holds the same
# samples bit for bit. Needs $cli.
keep_parts() {
  local dest=$1 part name snapshot
  shift
  snapshot=$(mktemp --suffix=.h5)
  for part in "$@"; do
    [[ -f "$part" ]] || continue
    cp "$part" "$snapshot"
    name=$(basename "$part")
    "$cli" dataset merge "$snapshot" --out "$dest/$name.partial" && mv "$dest/$name.partial" "$dest/$name"
    "$cli" dataset compare "$snapshot" "$dest/$name" >/dev/null
  done
  rm -f "$snapshot"
}

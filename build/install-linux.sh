#!/bin/sh
# install-linux.sh: install Håndbok – vold i nære relasjoner from the unpacked
# folder this script sits in (build.py puts it beside the `handbook` executable).
#
#   sudo ./install-linux.sh               all users: /opt/handbok, menu entry and
#                                         icons in /usr/local/share, /usr/local/bin/handbok
#   ./install-linux.sh --user             this user only, no admin rights: ~/.local/share/handbok,
#                                         ~/.local/share/applications, ~/.local/bin/handbok
#   ./install-linux.sh [--user] --uninstall
#   --prefix DIR                          put the app folder in DIR instead
#
# An update is the same command with the new version: the old folder is replaced
# in one rename, so a running copy keeps working until it is closed. The user's
# settings (~/.config/Aas kommune/) and search cache (~/.cache/handbok/)
# are never touched; the app itself moves them from their old names. Every name
# says "handbok", not the topic (README, "Diskresjon"); installing removes what an
# older version installed under the old name, handbok-vold. Needs only POSIX sh,
# cp, sed and install(1).
set -eu

ID=handbok
OLD_ID=handbok-vold  # the name before the discreet names
SRC=$(cd "$(dirname "$0")" && pwd)
MODE=system ACTION=install PREFIX=""
while [ $# -gt 0 ]; do
  case "$1" in
    --user) MODE=user; shift ;;
    --uninstall) ACTION=uninstall; shift ;;
    --prefix) PREFIX=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-linux.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ "$MODE" = system ]; then
  [ "$(id -u)" -eq 0 ] || { echo "install-linux.sh: run as root (sudo), or use --user" >&2; exit 1; }
  APPDIR=${PREFIX:-/opt/$ID}
  DATA=/usr/local/share
  BIN=/usr/local/bin
else
  DATA=${XDG_DATA_HOME:-$HOME/.local/share}
  APPDIR=${PREFIX:-$DATA/$ID}
  BIN=$HOME/.local/bin
fi
SIZES="16 24 32 48 64 128 256 512"

refresh() {  # menus and icon themes pick up the change without a new login
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DATA/applications" || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t -f "$DATA/icons/hicolor" || true
}

remove_old_names() {  # what a version before the discreet names installed
  OLD_DIR=$(dirname "$APPDIR")/$OLD_ID
  rm -f "$DATA/applications/$OLD_ID.desktop" "$DATA/icons/hicolor/scalable/apps/$OLD_ID.svg"
  for s in $SIZES; do rm -f "$DATA/icons/hicolor/${s}x${s}/apps/$OLD_ID.png"; done
  [ -L "$BIN/$OLD_ID" ] && rm -f "$BIN/$OLD_ID"
  [ -x "$OLD_DIR/handbook" ] && [ "$OLD_DIR" != "$SRC" ] && rm -rf "$OLD_DIR"
  return 0
}

if [ "$ACTION" = uninstall ]; then
  rm -f "$DATA/applications/$ID.desktop" "$DATA/icons/hicolor/scalable/apps/$ID.svg"
  for s in $SIZES; do rm -f "$DATA/icons/hicolor/${s}x${s}/apps/$ID.png"; done
  [ -L "$BIN/$ID" ] && rm -f "$BIN/$ID"
  [ -x "$APPDIR/handbook" ] && rm -rf "$APPDIR"
  refresh
  echo "Fjernet $APPDIR"
  exit 0
fi

RES=_internal/resources
[ -x "$SRC/handbook" ] && [ -f "$SRC/$RES/$ID.desktop" ] ||
  { echo "install-linux.sh: $SRC is not an unpacked handbook folder" >&2; exit 1; }

if [ "$SRC" != "$APPDIR" ]; then
  mkdir -p "$(dirname "$APPDIR")"
  NEW="$APPDIR.new.$$" OLD="$APPDIR.old.$$"
  rm -rf "$NEW"
  cp -a "$SRC" "$NEW"
  chmod -R u+rwX,go+rX,go-w "$NEW"  # readable by all, changeable only by the owner (root for /opt)
  [ "$MODE" = system ] && chown -R 0:0 "$NEW"
  [ -e "$APPDIR" ] && mv "$APPDIR" "$OLD"
  mv "$NEW" "$APPDIR"
  rm -rf "$OLD"
fi

install -d "$DATA/applications" "$BIN"
sed -e "s|^Exec=.*|Exec=$APPDIR/handbook|" -e "s|^TryExec=.*|TryExec=$APPDIR/handbook|" \
  "$APPDIR/$RES/$ID.desktop" >"$DATA/applications/$ID.desktop"
chmod 644 "$DATA/applications/$ID.desktop"
for s in $SIZES; do
  install -D -m 644 "$APPDIR/$RES/icons/$ID-$s.png" "$DATA/icons/hicolor/${s}x${s}/apps/$ID.png"
done
install -D -m 644 "$APPDIR/$RES/icons/$ID.svg" "$DATA/icons/hicolor/scalable/apps/$ID.svg"
ln -sfn "$APPDIR/handbook" "$BIN/$ID"
remove_old_names
refresh
echo "Installert i $APPDIR (start: menyen «Håndbok» eller $BIN/$ID)"

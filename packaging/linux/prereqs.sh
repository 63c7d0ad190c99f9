#!/bin/sh
# System packages the Linux packaging build and its headless smoke test need (Debian/Ubuntu, as root):
#   jlink/jpackage and the JDK's jmods (Debian 12: both in openjdk-17-jdk-headless; Ubuntu ships the
#   jmods separately in openjdk-17-jmods), fakeroot and
#   dpkg-deb for the .deb, Xvfb for the headless run, and the GTK/GL libraries JavaFX loads.
# Installs only what is missing; safe to run repeatedly.
set -eu

jdk="${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
packages="fakeroot dpkg-dev xvfb xauth libgtk-3-0 libxtst6 libxxf86vm1 libgl1"
if [ ! -x "$jdk/bin/jpackage" ] || [ ! -x "$jdk/bin/jlink" ]; then
    packages="$packages openjdk-17-jdk-headless"
fi

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "packaging/linux/prereqs.sh: installing$missing"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi
if [ ! -f "$jdk/jmods/java.base.jmod" ]; then
    echo "packaging/linux/prereqs.sh: installing openjdk-17-jmods"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openjdk-17-jmods
fi

#!/bin/sh
# System packages the Linux packaging build and its headless smoke test need (Debian/Ubuntu, as root):
#   jlink/jpackage and the JDK's jmods (openjdk-17-jdk-headless + openjdk-17-jmods), fakeroot and
#   dpkg-deb for the .deb, Xvfb for the headless run, and the GTK/GL libraries JavaFX loads.
# Installs only what is missing; safe to run repeatedly.
set -eu

packages="fakeroot dpkg-dev xvfb xauth libgtk-3-0 libxtst6 libxxf86vm1 libgl1"
if [ ! -x "${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/bin/jpackage" ]; then
    packages="$packages openjdk-17-jdk-headless"
fi
if [ ! -d "${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}/jmods" ]; then
    packages="$packages openjdk-17-jmods"
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

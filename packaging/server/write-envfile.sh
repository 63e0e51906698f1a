#!/bin/sh
# Writes /etc/chat/chat-server.env from the settings chat-server itself lists in --help, so the
# file names every setting the packaged binary knows, with its help text, and never a stale one.
#   write-envfile.sh <chat-server> <header file> <output> [NAME=value ...]
# Each NAME=value is a packaged setting and is written set; the others are written commented
# out. A NAME that --help does not list is an error (a renamed setting must not pass unseen).
set -eu
server=$1 header=$2 output=$3
shift 3

help=$("$server" --help)
trap 'rm -f "$output.tmp"' EXIT
{
    cat "$header"
    printf '%s\n' "$help" | awk -v packaged="$*" '
        # QCommandLineParser prints "  --name <value>   Text..." and wraps the text onto lines
        # indented to the text column; a token too long for a line is cut where the line ends.
        function flush() {
            if (text ~ /\(env [A-Z0-9_]+\)$/) {
                name = text
                sub(/.*\(env /, "", name)
                sub(/\)$/, "", name)
                sub(/ *\(env [A-Z0-9_]+\)$/, "", text)
                print ""
                wrap(text)
                if (name in value) {
                    print name "=" value[name]
                    used[name] = 1
                } else {
                    print "#" name "="
                }
            }
            text = ""
        }
        function wrap(s,    words, n, i, line) {
            n = split(s, words, " ")
            line = "#"
            for (i = 1; i <= n; i++) {
                if (length(line) + 1 + length(words[i]) > 99 && line != "#") {
                    print line
                    line = "#"
                }
                line = line " " words[i]
            }
            print line
        }
        BEGIN {
            n = split(packaged, pairs, " ")
            for (i = 1; i <= n; i++) {
                eq = index(pairs[i], "=")
                value[substr(pairs[i], 1, eq - 1)] = substr(pairs[i], eq + 1)
            }
        }
        # The widest line of the options is the width Qt wrapped them to.
        /^  / { width = length($0) > width ? length($0) : width }
        { lines[NR] = $0 }
        END {
            for (i = 1; i <= NR; i++) {
                line = lines[i]
                if (line ~ /^  +-/ && match(line, /  +[^ -]/)) {
                    flush()
                    column = RSTART + RLENGTH - 1
                    text = substr(line, column)
                    whole = length(line) < width
                } else if (text != "" && line ~ /^ +[^ ]/) {
                    piece = line
                    sub(/^ +/, "", piece)
                    # A piece without spaces that filled its line was cut mid-token.
                    text = text (whole ? " " : "") piece
                    whole = length(line) < width || piece ~ / /
                } else {
                    flush()
                }
            }
            flush()
            for (name in value) {
                if (!(name in used)) {
                    print "write-envfile.sh: chat-server --help lists no " name > "/dev/stderr"
                    exit 1
                }
            }
        }'
} >"$output.tmp"
mv "$output.tmp" "$output"

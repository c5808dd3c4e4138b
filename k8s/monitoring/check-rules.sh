#!/usr/bin/env bash
# Validates the alert rules with promtool: the groups of the PrometheusRule as a plain rules file, then the
# unit tests in tests/ that prove the alerts fire (and stay quiet) on given series.
set -euo pipefail
cd "$(dirname "$0")"
command -v promtool >/dev/null || { echo "promtool not found (Debian: apt-get install prometheus)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Everything below `spec:` is the rules file, indented by two spaces.
sed -n '/^spec:$/,$p' prometheusrule.yaml | tail -n +2 | sed 's/^  //' > "$work/rules.yaml"
grep -q '^groups:' "$work/rules.yaml" || { echo "no groups under spec: in prometheusrule.yaml" >&2; exit 1; }
cp tests/*.yaml "$work/"
promtool check rules "$work/rules.yaml"
(cd "$work" && promtool test rules ./*.test.yaml)

# Caddyfiles for scripts/lab. Sourced, not run. Each prints a Caddyfile on stdout.
#
# The base is the dashboard's own Caddyfile; what a loopback lab needs on top is only: a plain-HTTP site
# address on a free port (http://:PORT + bind 127.0.0.1), auto_https off, admin off, a JSON log on stderr
# with `debug` (Caddy then logs every upstream round trip with the headers it sends).
#
#   caddyfile CADDY_PORT BACKEND [VARIANT]
# VARIANT: dashboard (default) | strip-upgrade | h2c | host-127 | host-upstream | ws-prefix-stripped
caddyfile() {
  local port=$1 backend=$2 variant=${3:-dashboard} ws_opts="" plain_extra="" site ws_route
  site="http://:$port"
  case "$variant" in
    dashboard) ;;
    # the site address names a host: a request whose Host (for CONNECT: its authority) is not 127.0.0.1
    # matches no route, and Caddy answers it itself with an empty 200 instead of proxying it
    host-127) site="http://127.0.0.1:$port" ;;
    # header_up runs after Caddy has re-added Upgrade/Connection for the upgrade (reverseproxy.go
    # prepareRequest, then Headers.Request.ApplyToRequest), so these two lines really strip them.
    strip-upgrade) ws_opts=$'\n\t\theader_up -Upgrade\n\t\theader_up -Connection' ;;
    # the WebSocket route sends the upstream's address as Host (a copy-paste from guides for backends behind
    # virtual hosts), the plain route the client's Host, as the dashboard's Caddyfile does
    host-upstream) ws_opts=$'\n\t\theader_up Host {upstream_hostport}' ;;
    # prior-knowledge HTTP/2 over cleartext to a backend that only speaks HTTP/1.1
    h2c) ws_opts=$'\n\t\ttransport http {\n\t\t\tversions h2c\n\t\t}'
         plain_extra=$'\n\t\ttransport http {\n\t\t\tversions h2c\n\t\t}' ;;
    # WebSockets routed by path with handle_path, which strips the matched prefix before proxying: /ws/abc123
    # reaches the backend as /abc123 (the common mix-up of handle_path with handle)
    ws-prefix-stripped) ;;
    *) echo "caddyfile: unknown variant $variant" >&2; return 1 ;;
  esac
  ws_route=$'\t@websockets {\n\t\theader Connection *Upgrade*\n\t\theader Upgrade websocket\n\t}\n\treverse_proxy @websockets '"$backend {$ws_opts"$'\n\t}'
  [[ $variant == ws-prefix-stripped ]] && ws_route=$'\thandle_path /ws/* {\n\t\treverse_proxy '"$backend"$'\n\t}'
  cat <<CADDY
{
	admin off
	auto_https off
	debug
}

$site {
	bind 127.0.0.1
	log {
		output stderr
		format json
	}

$ws_route

	reverse_proxy $backend {
		header_up Host {host}
		header_up X-Real-IP {remote}$plain_extra
	}
}
CADDY
}

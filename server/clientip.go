package server

import (
	"bytes"
	"net"
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// proxies are the reverse proxies whose X-Forwarded-For is believed.
type proxies []netip.Prefix

// CheckTrustedProxies says whether every entry is a CIDR or an address;
// cmd uses it to refuse a wrong setting at start.
func CheckTrustedProxies(list []string) error {
	_, err := parseProxies(list)
	return err
}

// parseProxies reads CIDRs or single addresses ("10.0.0.0/8",
// "127.0.0.1").
func parseProxies(list []string) (proxies, error) {
	var out proxies
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, &net.ParseError{Type: "CIDR or IP address", Text: s}
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

func (ps proxies) trusts(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// clientIP is the address rate limits count against. X-Forwarded-For is
// read only when the connection comes from a trusted proxy, and then from
// the right: each proxy appends the address it saw, so the rightmost
// address that is not a trusted proxy is the client. Entries to its left
// were written by the client and may be invented.
func (s *Server) clientIP(c *fiber.Ctx) string {
	remote, ok := netip.AddrFromSlice(c.Context().RemoteIP())
	if !ok {
		return c.Context().RemoteIP().String()
	}
	remote = remote.Unmap()
	if !s.proxies.trusts(remote) {
		return remote.String()
	}
	client := remote
	var hops [][]byte
	c.Request().Header.VisitAll(func(k, v []byte) {
		if bytes.EqualFold(k, []byte(fiber.HeaderXForwardedFor)) {
			hops = append(hops, bytes.Split(v, []byte(","))...)
		}
	})
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(string(bytes.TrimSpace(hops[i])))
		if err != nil {
			break // garbage: keep the last address a proxy vouched for
		}
		client = a.Unmap()
		if !s.proxies.trusts(client) {
			break
		}
	}
	return client.String()
}

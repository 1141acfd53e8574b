package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/passtea/passtea/generator/strength/hibp"
	"github.com/passtea/passtea/ui/serve"
)

func newServeCmd(e *env) *cobra.Command {
	var (
		cfg      serve.Config
		hibpPath string
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the password generation API over HTTP",
		Long: `serve answers HTTP requests for new passwords, passphrases and PINs
(GET /api/generate) and checks passwords against a policy (POST /api/validate),
for identity tools, developer portals and CI. It never opens a vault.

It listens on 127.0.0.1:8787 unless told otherwise; anything but loopback
needs TLS (--tls-cert and --tls-key). Requests need the bearer token that
serve makes on first start in $XDG_CONFIG_HOME/passtea/serve-token (mode
0600; its path is printed, never the token), unless --no-auth, which only
loopback and unix sockets allow. Each token (or client address without
authentication) may make 60 requests a minute by default.

/api/validate also refuses breached passwords when a Pwned Passwords list is
given with --hibp or remembered from an earlier audit.

GET /api/openapi.json describes the API; GET /healthz says it is up. SIGINT
or SIGTERM stops it, giving requests in flight 5 seconds to finish.`,
		Example: `  passtea serve
  curl -s -H "Authorization: Bearer $(cat ~/.config/passtea/serve-token)" \
      'http://127.0.0.1:8787/api/generate?length=24&special=true'
  passtea serve --listen 0.0.0.0:8443 --tls-cert cert.pem --tls-key key.pem --rate 600/min
  passtea serve --socket "$XDG_RUNTIME_DIR/passtea/api.sock" --no-auth`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runServe(cmd.Context(), e, cfg, hibpPath)
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.Listen, "listen", "", "listen on TCP `ADDR`, host:port (default "+serve.DefaultListen+")")
	f.StringVar(&cfg.Socket, "socket", "", "listen on the unix socket `PATH` instead of TCP")
	f.StringVar(&cfg.TLSCert, "tls-cert", "", "serve HTTPS with the PEM certificate chain in `FILE`")
	f.StringVar(&cfg.TLSKey, "tls-key", "", "the PEM private key of --tls-cert in `FILE`")
	f.StringVar(&cfg.TokenFile, "token-file", "", "the bearer token is in `FILE`, made on first start (default $XDG_CONFIG_HOME/passtea/serve-token)")
	f.BoolVar(&cfg.NoAuth, "no-auth", false, "serve without a token (loopback or a unix socket only)")
	f.StringVar(&cfg.Rate, "rate", "", "limit each token to `N/UNIT` requests (s, min, hour), or off (default "+serve.DefaultRate+")")
	f.StringVar(&cfg.AuditLog, "audit-log", "", "append the audit log, JSON lines, to `FILE` (default standard error)")
	f.StringVar(&cfg.CORSOrigin, "cors-origin", "", "let pages from `ORIGIN` (scheme://host[:port]) call the API")
	f.StringVar(&hibpPath, "hibp", "", "refuse passwords found in the Pwned Passwords list `FILE` in /api/validate (default: the remembered list; none forgets it)")
	return cmd
}

func runServe(ctx context.Context, e *env, cfg serve.Config, hibpPath string) error {
	l, err := openBreachList(e, hibpPath)
	if err != nil {
		return err
	}
	if l != nil {
		defer l.Close()
		cfg.Breached = breachedList{l}
		fmt.Fprintln(e.stderr, "passtea serve: /api/validate checks passwords against the list of breached passwords")
	}
	err = serve.Run(ctx, cfg, e.stderr)
	var ce *serve.ConfigError
	if errors.As(err, &ce) {
		return usagef("%s", ce.Reason)
	}
	return err
}

// breachedList is an offline Pwned Passwords list as the service asks for
// one.
type breachedList struct{ l *hibp.List }

func (b breachedList) Breached(password string) (bool, error) {
	n, err := b.l.Count(password)
	return n > 0, err
}

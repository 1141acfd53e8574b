package serve

import (
	_ "embed"
	"net/http"
)

// openAPIDoc is the OpenAPI 3.1 description of the API, served at
// /api/openapi.json. The tests check it against the routes and parameters
// the handler knows.
//
//go:embed openapi.json
var openAPIDoc []byte

func (s *service) openAPI(w http.ResponseWriter, _ *http.Request, _ *auditEntry) int {
	writeJSON(w, http.StatusOK, openAPIDoc)
	return http.StatusOK
}

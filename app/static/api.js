// The one way the page talks to the service: the public API under /api/v1 with the
// caller's credential. Nothing else is fetched, so the page shows exactly the caller's
// visible graph, and every error arrives in the API's one shape.

export class ApiError extends Error {
  constructor(status, code, message, details = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** One line for people: the API's message, then each detail. */
  describe() {
    const parts = this.details.map((d) => (d.location ? `${d.location}: ${d.message}` : d.message));
    return [this.message, ...parts].join(" — ");
  }
}

const PAGE_LIMITS = { organisations: 1000, missions: 1000, evaluations: 1000, analysis: 10000 };

export class Api {
  constructor(token) {
    this.token = token;
  }

  /** GET a path with query parameters; null/undefined/"" parameters are left out. */
  async get(path, params = {}) {
    return (await this.request("GET", path, { params })).data;
  }

  /** GET every page of a paged list ({items, total, limit, offset}); returns the last
   * page's envelope with all items, so totals and extra fields (without_feedback) stay. */
  async getAll(path, params = {}) {
    const limit = path.startsWith("/analysis/") ? PAGE_LIMITS.analysis : PAGE_LIMITS.organisations;
    let offset = 0;
    let items = [];
    for (;;) {
      const page = await this.get(path, { ...params, limit, offset });
      items = items.concat(page.items);
      offset += page.items.length;
      if (page.items.length === 0 || offset >= page.total) return { ...page, items };
    }
  }

  /** Any method; answers {data, etag, status}. Errors throw ApiError with the API's message. */
  async request(method, path, { params = {}, body, headers = {} } = {}) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value === null || value === undefined || value === "") continue;
      query.set(key, String(value));
    }
    const url = `/api/v1${path}${query.size ? `?${query}` : ""}`;
    const init = { method, headers: { Authorization: `Bearer ${this.token}`, Accept: "application/json", ...headers } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(url, init);
    } catch (e) {
      throw new ApiError(0, "network", `The service did not answer (${e.message}).`);
    }
    const text = await response.text();
    let data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = null;
      }
    }
    if (!response.ok) {
      const error = data && data.error ? data.error : {};
      throw new ApiError(
        response.status,
        error.code || `http_${response.status}`,
        error.message || `The service answered ${response.status} ${response.statusText}.`,
        error.details || [],
      );
    }
    return { data, etag: response.headers.get("ETag"), status: response.status };
  }
}

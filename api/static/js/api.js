// The HTTP API the page uses, and the API's error codes said in plain Chinese.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// One sentence per error code of the API ({"error": {"status", "code", "message"}}).
const REASONS = {
  "unsupported-format": "不支持这种文件格式。请上传 txt、md、pdf、html 或 docx 文件。",
  "empty": "文件是空的，没有可读取的内容。",
  "unreadable": "文件无法读取：可能已损坏、不完整，或者文字编码无法识别。",
  "encrypted": "文件设置了密码或加密，无法读取。请上传未加密的版本。",
  "no-text": "这是扫描件，页面上没有可复制的文字，无法读取。请上传带文字层的 PDF 或文字版文件。",
  "not-policy-text": "文件里没有找到政策文件的内容（中文的任务、措施）。",
  "too-large": "文件太大，超过了服务器允许的上限。",
  "too-long": "输入的内容太长，请缩短后再试。",
  "unauthorized": "这项操作需要 API 密钥，请先填写密钥。",
  "forbidden": "API 密钥不正确，或者服务器没有开放写入。",
  "not-found": "没有找到这项内容，它可能已被删除。",
  "exists": "知识库里已有同名文件。",
  "ambiguous": "这个名称对应多个地区的单位，请同时选择地区。",
  "bad-request": "请求的参数不正确。",
  "bad-query": "SPARQL 查询有语法错误，或者不是查询语句。",
  "query-timeout": "查询运行时间过长，已被停止。请缩小查询范围。",
  "invalid-graph": "文件内容没有通过知识库的校验，未能添加。",
  "busy": "知识库正在被其他操作写入，请稍后再试。",
  "unavailable": "知识库暂时不可用，请稍后再试。",
  "insufficient-storage": "服务器的磁盘已满，暂时无法写入。请联系管理员。",
  "query-memory": "查询需要的内存超过了上限，已被停止。请缩小查询范围。",
  "unsupported-media-type": "请求的格式不受支持。",
  "method-not-allowed": "不支持这种请求方式。",
  "internal": "服务器内部出错，请稍后再试。",
  "network": "无法连接到服务器，请检查服务是否在运行。",
};

export function reason(err) {
  if (err instanceof ApiError) return REASONS[err.code] || `出错了（${err.code}）。`;
  return REASONS.network;
}

export function url(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") query.set(key, value);
  }
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

async function send(path, options = {}) {
  let response;
  try {
    response = await fetch(path, options);
  } catch (e) {
    throw new ApiError(0, "network", String(e));
  }
  const type = response.headers.get("content-type") || "";
  const body = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    const error = (body && body.error) || {};
    throw new ApiError(response.status, error.code || "internal", error.message || response.statusText);
  }
  return body;
}

export const get = (path, params) => send(url(path, params), { headers: { Accept: "application/json" } });

export function agencyPath(name, what) {
  return `/api/agencies/${encodeURIComponent(name)}${what ? `/${what}` : ""}`;
}

export function documentPath(name) {
  return `/api/documents/${encodeURIComponent(name)}`;
}

export function upload(file, key, preview, replace = false) {
  const form = new FormData();
  form.append("file", file, file.name);
  return send(url("/api/documents", { preview: preview ? "true" : "", replace: replace ? "true" : "" }),
    { method: "POST", body: form, headers: { "X-API-Key": key } });
}

export function removeDocument(name, key) {
  return send(documentPath(name), { method: "DELETE", headers: { "X-API-Key": key } });
}

export function sparql(query) {
  return send("/sparql", {
    method: "POST",
    body: new URLSearchParams({ query }),
    headers: { Accept: "application/sparql-results+json" },
  });
}

// The documents of the knowledge base, asked once and kept until something is added or removed.
let documentsCache = null;

export function documents() {
  if (!documentsCache) {
    documentsCache = get("/api/documents").then((body) => body.documents).catch((e) => {
      documentsCache = null;
      throw e;
    });
  }
  return documentsCache;
}

export async function documentsByName() {
  return new Map((await documents()).map((d) => [d.doc, d]));
}

export function forgetDocuments() {
  documentsCache = null;
}

// The API key, kept for this browser tab only.
export const apiKey = {
  get: () => sessionStorage.getItem("policykg-api-key") || "",
  set: (value) => sessionStorage.setItem("policykg-api-key", value),
};

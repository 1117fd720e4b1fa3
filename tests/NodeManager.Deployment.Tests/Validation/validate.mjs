// Checks Kubernetes objects against the Kubernetes API's OpenAPI schema without a cluster, with the validators that
// the kubernetes-models packages generate from it (and @kubernetes-models/prometheus-operator for ServiceMonitor).
//
// stdin: a YAML stream (helm template's output). stdout: one JSON report,
//   {"results": [{"apiVersion", "kind", "name", "valid", "errors"}], "documents": [<each object as JSON>]}
// Exit 0 when every object is of a kind known here and valid, 1 otherwise (an unknown kind is an error, not a pass).
import { parseAllDocuments } from "yaml";

const packages = {
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

async function modelFor(apiVersion, kind) {
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const pkg = packages[group] ?? "kubernetes-models";
  const module = await import(`${pkg}/${apiVersion}/${kind}`);
  const model = module[kind] ?? module.default;
  if (typeof model !== "function") {
    throw new Error(`${pkg}/${apiVersion}/${kind} exports no model`);
  }
  return model;
}

function describe(error) {
  // kubernetes-models throws a ValidationError whose errors are ajv's: where (instancePath) and what (message).
  const details = error?.errors ?? error?.details;
  if (Array.isArray(details) && details.length > 0) {
    return details.map((e) => `${e.instancePath || e.dataPath || "/"} ${e.message}${e.params ? " " + JSON.stringify(e.params) : ""}`);
  }
  return [String(error?.message ?? error)];
}

const input = await new Promise((resolve, reject) => {
  let text = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => (text += chunk));
  process.stdin.on("end", () => resolve(text));
  process.stdin.on("error", reject);
});

const results = [];
const documents = [];
let failed = false;
for (const doc of parseAllDocuments(input)) {
  if (doc.errors.length > 0) {
    results.push({ apiVersion: "", kind: "", name: "", valid: false, errors: doc.errors.map((e) => e.message) });
    failed = true;
    continue;
  }
  const object = doc.toJS();
  if (object === null || object === undefined) {
    continue; // an empty document (a template that rendered nothing)
  }
  documents.push(object);
  const result = { apiVersion: object.apiVersion ?? "", kind: object.kind ?? "", name: object.metadata?.name ?? "", valid: true, errors: [] };
  try {
    if (!object.apiVersion || !object.kind) {
      throw new Error("the object has no apiVersion or kind");
    }
    const Model = await modelFor(object.apiVersion, object.kind);
    new Model(object).validate();
  } catch (error) {
    result.valid = false;
    result.errors = error?.code === "ERR_MODULE_NOT_FOUND" || error?.code === "ERR_PACKAGE_PATH_NOT_EXPORTED"
      ? [`no schema for ${object.apiVersion} ${object.kind}`]
      : describe(error);
    failed = true;
  }
  results.push(result);
}

process.stdout.write(JSON.stringify({ results, documents }));
process.exitCode = failed ? 1 : 0;

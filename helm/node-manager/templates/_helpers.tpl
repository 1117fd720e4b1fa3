{{/* Names. */}}
{{- define "node-manager.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "node-manager.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "node-manager.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every object; the component's selector labels come on top. */}}
{{- define "node-manager.labels" -}}
helm.sh/chart: {{ include "node-manager.chart" . }}
app.kubernetes.io/name: {{ include "node-manager.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: node-manager
{{- end }}

{{/* Selector labels of a component: (dict "root" $ "component" "silo"). */}}
{{- define "node-manager.selectorLabels" -}}
app.kubernetes.io/name: {{ include "node-manager.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Orleans identity: the pod labels orleans/serviceId and orleans/clusterId, read back by the silos. */}}
{{- define "node-manager.serviceId" -}}
{{- default (include "node-manager.fullname" .) .Values.silo.serviceId }}
{{- end }}

{{- define "node-manager.clusterId" -}}
{{- default (include "node-manager.fullname" .) .Values.silo.clusterId }}
{{- end }}

{{- define "node-manager.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "node-manager.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "node-manager.image" -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) }}
{{- end }}

{{/* The chart's Secret: generated passwords and the connection strings it assembles. */}}
{{- define "node-manager.secretName" -}}
{{- printf "%s-connections" (include "node-manager.fullname" .) }}
{{- end }}

{{- define "node-manager.redisHost" -}}
{{- printf "%s-redis" (include "node-manager.fullname" .) }}
{{- end }}

{{- define "node-manager.postgresHost" -}}
{{- printf "%s-postgresql" (include "node-manager.fullname" .) }}
{{- end }}

{{/* Where the silos find Redis's connection string: (list secretName key). */}}
{{- define "node-manager.redisSecretRef" -}}
{{- if and (not .Values.redis.enabled) .Values.externalRedis.existingSecret -}}
name: {{ .Values.externalRedis.existingSecret }}
key: {{ .Values.externalRedis.existingSecretKey }}
{{- else -}}
name: {{ include "node-manager.secretName" . }}
key: redis-connection-string
{{- end }}
{{- end }}

{{- define "node-manager.postgresSecretRef" -}}
{{- if and (not .Values.postgresql.enabled) .Values.externalDatabase.existingSecret -}}
name: {{ .Values.externalDatabase.existingSecret }}
key: {{ .Values.externalDatabase.existingSecretKey }}
{{- else -}}
name: {{ include "node-manager.secretName" . }}
key: postgres-connection-string
{{- end }}
{{- end }}

{{/*
A silo's memory from the measured bytes per node (docs/performance.md): with one silo down the others carry its
nodes, so each is sized for ceil(expectedNodes / max(replicas - 1, 1)) nodes, plus the base. In MiB.
*/}}
{{- define "node-manager.siloNodes" -}}
{{- $replicas := int .Values.silo.replicas }}
{{- $carriers := max (sub $replicas 1) 1 }}
{{- $nodes := int64 .Values.silo.expectedNodes }}
{{- div (add $nodes (sub $carriers 1)) $carriers }}
{{- end }}

{{- define "node-manager.siloMemoryRequestMiB" -}}
{{- $nodes := int64 (include "node-manager.siloNodes" .) }}
{{- $perNode := int64 .Values.silo.memory.bytesPerNode }}
{{- add (int64 .Values.silo.memory.baseMiB) (div (add (mul $nodes $perNode) 1048575) 1048576) }}
{{- end }}

{{- define "node-manager.siloResources" -}}
{{- $request := int64 (include "node-manager.siloMemoryRequestMiB" .) }}
{{- $limit := div (mul $request (int64 .Values.silo.memory.limitPercent)) 100 }}
{{- $computed := dict "requests" (dict "memory" (printf "%dMi" $request)) "limits" (dict "memory" (printf "%dMi" $limit)) }}
{{- toYaml (mustMergeOverwrite $computed (deepCopy (default dict .Values.silo.resources))) }}
{{- end }}

{{/* A configuration map ("Section:Key": value) as environment variables (Section__Key). */}}
{{- define "node-manager.configEnv" -}}
{{- range $key, $value := . }}
- name: {{ $key | replace ":" "__" | quote }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- end }}

{{/* Cross-field checks the schema cannot say well, each naming the value to set. */}}
{{- define "node-manager.validate" -}}
{{- if and (not .Values.redis.enabled) (not .Values.externalRedis.existingSecret) (not .Values.externalRedis.connectionString) }}
{{- fail "redis.enabled is false: set externalRedis.connectionString (host:6379,password=...) or externalRedis.existingSecret, the silos' membership store" }}
{{- end }}
{{- if and (not .Values.postgresql.enabled) (not .Values.externalDatabase.existingSecret) (not .Values.externalDatabase.connectionString) }}
{{- fail "postgresql.enabled is false: set externalDatabase.connectionString (Host=...;Username=...;Password=...;Database=...) or externalDatabase.existingSecret" }}
{{- end }}
{{- if and .Values.kubernetesHosting.enabled (not .Values.serviceAccount.create) (not .Values.serviceAccount.name) }}
{{- fail "kubernetesHosting.enabled needs the pods' Role bound to their ServiceAccount: set serviceAccount.create=true or serviceAccount.name" }}
{{- end }}
{{- $stop := regexFind "^[0-9]+:[0-9]{2}:[0-9]{2}$" .Values.silo.stopDeadline }}
{{- if not $stop }}
{{- fail (printf "silo.stopDeadline must be a time span hh:mm:ss such as 00:00:15, not '%s'" .Values.silo.stopDeadline) }}
{{- end }}
{{- $parts := splitList ":" .Values.silo.stopDeadline }}
{{- $seconds := add (mul (atoi (index $parts 0)) 3600) (mul (atoi (index $parts 1)) 60) (atoi (index $parts 2)) }}
{{- if le (int .Values.silo.terminationGracePeriodSeconds) $seconds }}
{{- fail (printf "silo.terminationGracePeriodSeconds (%d) must be longer than silo.stopDeadline (%s): Kubernetes would kill a silo still leaving the cluster" (int .Values.silo.terminationGracePeriodSeconds) .Values.silo.stopDeadline) }}
{{- end }}
{{- end }}

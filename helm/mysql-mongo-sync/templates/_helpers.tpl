{{/*
Chart name, truncated to 63 characters (DNS-1123 label limit).
*/}}
{{- define "mysql-mongo-sync.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name: <release>-<chart> unless the release name already
contains the chart name; truncated to 63 characters.
*/}}
{{- define "mysql-mongo-sync.fullname" -}}
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

{{/*
Chart name and version, as used by the helm.sh/chart label.
*/}}
{{- define "mysql-mongo-sync.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels.
*/}}
{{- define "mysql-mongo-sync.labels" -}}
helm.sh/chart: {{ include "mysql-mongo-sync.chart" . }}
{{ include "mysql-mongo-sync.selectorLabels" . }}
app.kubernetes.io/version: {{ regexReplaceAll "[^-A-Za-z0-9_.]" (.Values.image.tag | default .Chart.AppVersion | toString) "_" | trunc 63 | trimAll "-_." | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: mysql-mongo-sync
{{- end }}

{{/*
Selector labels (immutable on a Deployment: keep them minimal).
*/}}
{{- define "mysql-mongo-sync.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mysql-mongo-sync.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Name of the service account to use.
*/}}
{{- define "mysql-mongo-sync.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "mysql-mongo-sync.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Name of the Secret holding MYSQL_PASSWORD and MONGODB_URI.
*/}}
{{- define "mysql-mongo-sync.secretName" -}}
{{- if .Values.existingSecret }}
{{- .Values.existingSecret }}
{{- else }}
{{- include "mysql-mongo-sync.fullname" . }}
{{- end }}
{{- end }}

{{/*
Secret key of the MySQL password.
*/}}
{{- define "mysql-mongo-sync.secretMysqlPasswordKey" -}}
{{- if .Values.existingSecret }}
{{- .Values.existingSecretMysqlPasswordKey }}
{{- else -}}
mysql-password
{{- end }}
{{- end }}

{{/*
Secret key of the MongoDB URI.
*/}}
{{- define "mysql-mongo-sync.secretMongodbUriKey" -}}
{{- if .Values.existingSecret }}
{{- .Values.existingSecretMongodbUriKey }}
{{- else -}}
mongodb-uri
{{- end }}
{{- end }}

{{/*
Image reference; the tag defaults to the chart appVersion.
*/}}
{{- define "mysql-mongo-sync.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion | toString) }}
{{- end }}

{{/*
PromQL label matchers selecting this release's metrics.
*/}}
{{- define "mysql-mongo-sync.metricSelector" -}}
{{- if .Values.prometheusRule.metricSelector }}
{{- .Values.prometheusRule.metricSelector }}
{{- else }}
{{- printf "namespace=%q,service=%q" .Release.Namespace (include "mysql-mongo-sync.fullname" .) }}
{{- end }}
{{- end }}

{{/*
Whether the PodDisruptionBudget is rendered.
*/}}
{{- define "mysql-mongo-sync.pdbEnabled" -}}
{{- if or .Values.podDisruptionBudget.enabled (gt (int .Values.replicaCount) 1) }}true{{- end }}
{{- end }}

{{/*
Pod anti-affinity spreading the replicas over podAntiAffinity.topologyKey:
rendered when replicaCount > 1, affinity is empty and podAntiAffinity.mode is
preferred (soft) or required (hard); empty otherwise.
*/}}
{{- define "mysql-mongo-sync.antiAffinity" -}}
{{- $a := .Values.podAntiAffinity -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.affinity) (ne $a.mode "none") -}}
{{- $term := dict "topologyKey" $a.topologyKey "labelSelector" (dict "matchLabels" (include "mysql-mongo-sync.selectorLabels" . | fromYaml)) -}}
podAntiAffinity:
{{- if eq $a.mode "required" }}
  requiredDuringSchedulingIgnoredDuringExecution:
    {{- list $term | toYaml | nindent 4 }}
{{- else }}
  preferredDuringSchedulingIgnoredDuringExecution:
    {{- list (dict "weight" (int $a.weight) "podAffinityTerm" $term) | toYaml | nindent 4 }}
{{- end }}
{{- end }}
{{- end }}

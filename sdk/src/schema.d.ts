// Generated from the app model (lib/model) by `npm run generate`. Do not edit by hand.
export interface paths {
    "/v1/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness of the API (no key, no token)
         * @description Public: no token, no API key.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 500 INTERNAL_ERROR.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange a username and password for tokens
         * @description Public: no token.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 INVALID_CREDENTIALS; 403 INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED, RATE_LIMITED; 500 INTERNAL_ERROR.
         */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange a refresh token for new access, id and refresh tokens (refresh tokens rotate: keep the new one)
         * @description Public: no token.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 INVALID_CREDENTIALS; 403 INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["refreshTokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke a refresh token and the tokens issued from it
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/new-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * First login: replace the temporary password (NEW_PASSWORD_REQUIRED) and get the tokens
         * @description Public: no token.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 INVALID_CREDENTIALS; 403 INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED, RATE_LIMITED; 500 INTERNAL_ERROR.
         */
        post: operations["completeNewPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/forgot-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask for a password reset code by e-mail (always 202: never says whether the account exists)
         * @description Public: no token.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 403 INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["forgotPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/reset-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a new password with the e-mailed code
         * @description Public: no token.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 403 INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["resetPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/mfa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Complete a SOFTWARE_TOKEN_MFA login challenge with an authenticator-app code
         * @description Public: no token.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 INVALID_CREDENTIALS; 403 INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED, RATE_LIMITED; 500 INTERNAL_ERROR.
         */
        post: operations["respondToMfaChallenge"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The calling API key's usage-plan quota in the current period
         * @description Roles: admin, manager, technician, client. Machine scopes: telemetry.write, telemetry.read, work-orders.read, work-orders.write, forecasts.write, webhooks.manage.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit-logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit trail: every change and every refused call, newest first
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listAuditLogs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/anomalies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * API keys flagged by the hourly anomaly check (failing calls, spikes, scanning, many user agents), newest first
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listApiAnomalies"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sites": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List sites
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listSites"];
        put?: never;
        /**
         * Create a site
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT, IDEMPOTENCY_IN_PROGRESS; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["createSite"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sites/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a site
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getSite"];
        put?: never;
        post?: never;
        /**
         * Delete a site
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        delete: operations["deleteSite"];
        options?: never;
        head?: never;
        /**
         * Update a site (partial)
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        patch: operations["updateSite"];
        trace?: never;
    };
    "/v1/assets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List assets
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listAssets"];
        put?: never;
        /**
         * Create a asset
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT, IDEMPOTENCY_IN_PROGRESS; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["createAsset"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/assets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a asset
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getAsset"];
        put?: never;
        post?: never;
        /**
         * Delete a asset
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        delete: operations["deleteAsset"];
        options?: never;
        head?: never;
        /**
         * Update a asset (partial)
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        patch: operations["updateAsset"];
        trace?: never;
    };
    "/v2/assets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an asset (v2: maintenance grouped in one object)
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getAssetV2"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List API keys
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Create an API key (its value is answered once)
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an API key (never its value)
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getApiKey"];
        put?: never;
        post?: never;
        /**
         * Delete an API key: its values stop working at once
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        delete: operations["deleteApiKey"];
        options?: never;
        head?: never;
        /**
         * Update an API key: name, owner, plan, IP allow-list, expiry, status (partial)
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        patch: operations["updateApiKey"];
        trace?: never;
    };
    "/v1/api-keys/{id}/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate an API key: a new value (answered once); the previous one works for a grace period
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["rotateApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{id}/pending-value": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Claim, once, the value an automatic rotation made (read back from API Gateway; Hydrant stores none)
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["claimApiKeyPendingValue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sensors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List sensors
         * @description Roles: admin, manager, technician, client. Machine scopes: telemetry.read.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listSensors"];
        put?: never;
        /**
         * Register a sensor and provision its device identity (MQTT credentials answered once)
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["createSensor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sensors/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a sensor (never its credentials)
         * @description Roles: admin, manager, technician, client. Machine scopes: telemetry.read.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getSensor"];
        put?: never;
        post?: never;
        /**
         * Delete a sensor and revoke its device certificate (its readings are kept)
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        delete: operations["deleteSensor"];
        options?: never;
        head?: never;
        /**
         * Update a sensor (partial): site, asset, sample interval, status
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        patch: operations["updateSensor"];
        trace?: never;
    };
    "/v1/telemetry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send up to 1000 readings (gateways, partners); each is accepted or rejected on its own
         * @description Roles: admin. Machine scopes: telemetry.write.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["ingestTelemetry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sensors/{id}/readings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A sensor's readings, raw or aggregated into calendar buckets of a time zone
         * @description Roles: admin, manager, technician, client. Machine scopes: telemetry.read.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getSensorReadings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sensors/{id}/latest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A sensor's latest reading
         * @description Roles: admin, manager, technician, client. Machine scopes: telemetry.read.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getSensorLatest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sites/{id}/latest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The latest reading of every sensor of a site
         * @description Roles: admin, manager, technician, client. Machine scopes: telemetry.read.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getSiteLatest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alert-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List alert-rules
         * @description Roles: admin, manager, technician.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listAlertRules"];
        put?: never;
        /**
         * Create a alertRule
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT, IDEMPOTENCY_IN_PROGRESS; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["createAlertRule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alert-rules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a alertRule
         * @description Roles: admin, manager, technician.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getAlertRule"];
        put?: never;
        post?: never;
        /**
         * Delete a alertRule
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        delete: operations["deleteAlertRule"];
        options?: never;
        head?: never;
        /**
         * Update a alertRule (partial)
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        patch: operations["updateAlertRule"];
        trace?: never;
    };
    "/v1/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List alerts, newest first
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listAlerts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alerts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an alert
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getAlert"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alerts/{id}/acknowledge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Acknowledge an active alert (records who and when)
         * @description Roles: admin, manager, technician.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["acknowledgeAlert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/forecasts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List forecasts, newest first (results not included)
         * @description Roles: admin, manager, technician. Machine scopes: forecasts.write.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listForecasts"];
        put?: never;
        /**
         * Ask for a forecast of a sensor, of a CSV given inline or uploaded (multipart/form-data, a `file` part), or of a CSV document. Runs asynchronously (202: poll the Location); with `Prefer: wait=N` (N at most 10) the answer is 200 with the ended job when it ends within N seconds (an inline or uploaded CSV is computed in the request), else 202
         * @description Roles: admin, manager. Machine scopes: forecasts.write.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT, IDEMPOTENCY_IN_PROGRESS; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["createForecast"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/forecasts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A forecast job: its status and, once succeeded, its result
         * @description Roles: admin, manager, technician. Machine scopes: forecasts.write.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getForecast"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/forecasts/{id}/chart.svg": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The chart of a succeeded forecast: history, forecast and its 80 % and 95 % intervals (404 until it has succeeded)
         * @description Roles: admin, manager, technician. Machine scopes: forecasts.write.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getForecastChart"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's notifications, latest first (`unread=true`: only the unread ones)
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notifications/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark one of the caller's notifications read (reading it again changes nothing)
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["readNotification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/notifications/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark every unread notification of the caller read
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["readAllNotifications"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The documents of one parent (site, asset, work order or request), metadata only
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listDocuments"];
        put?: never;
        /**
         * Declare a document (size, SHA-256, type) and get a short-lived presigned upload URL; it is available once the upload is verified
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT, IDEMPOTENCY_IN_PROGRESS; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["createDocument"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/documents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A document: metadata and, once available, a short-lived download URL
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getDocument"];
        put?: never;
        post?: never;
        /**
         * Delete a document and its bytes
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        delete: operations["deleteDocument"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Service requests, newest first (client users: their own client's)
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listServiceRequests"];
        put?: never;
        /**
         * Report a problem in the field (a leak, a low pressure, a damaged hydrant...); attach photos as documents with parentType request
         * @description Roles: admin, manager, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT, IDEMPOTENCY_IN_PROGRESS; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["createServiceRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/requests/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A service request
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getServiceRequest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/requests/{id}/convert": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Turn an open service request into a work order (source request); its documents move to the work order
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT, IDEMPOTENCY_IN_PROGRESS; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["convertServiceRequest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/work-orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List work-orders
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listWorkOrders"];
        put?: never;
        /**
         * Create a workOrder
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT, IDEMPOTENCY_IN_PROGRESS; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["createWorkOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/work-orders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a workOrder
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getWorkOrder"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update a workOrder (partial)
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        patch: operations["updateWorkOrder"];
        trace?: never;
    };
    "/v1/work-orders/{id}/transitions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move a work order through its workflow (409 lists the allowed moves)
         * @description Roles: admin, manager, technician.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT, IDEMPOTENCY_IN_PROGRESS; 412 PRECONDITION_FAILED; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["transitionWorkOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/work-orders/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A work order's history (who, when, from, to, comment), oldest first
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listWorkOrderHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/work-orders/{id}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Produce the PDF intervention report of a work order (asset, site, client, timeline, time spent, checklist, technician, signature)
         * @description Roles: admin, manager, technician.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT, IDEMPOTENCY_IN_PROGRESS; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["createWorkOrderReport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/work-orders/{id}/assignment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Book a technician's visit for a work order and move it to scheduled (409 lists the conflicts: overlaps, days off, working hours)
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT, IDEMPOTENCY_IN_PROGRESS; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["assignWorkOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/work-orders/{id}/candidates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Technicians ranked for a work order: required skills, free in the slot, then lighter week, each with its reasons
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listWorkOrderCandidates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/technicians": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List technicians
         * @description Roles: admin, manager, technician.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listTechnicians"];
        put?: never;
        /**
         * Create a technician
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT, IDEMPOTENCY_IN_PROGRESS; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["createTechnician"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/technicians/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a technician
         * @description Roles: admin, manager, technician.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getTechnician"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update a technician (partial)
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        patch: operations["updateTechnician"];
        trace?: never;
    };
    "/v1/clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List clients
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listClients"];
        put?: never;
        /**
         * Create a client
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT, IDEMPOTENCY_IN_PROGRESS; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["createClient"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/clients/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a client
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getClient"];
        put?: never;
        post?: never;
        /**
         * Delete a client
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        delete: operations["deleteClient"];
        options?: never;
        head?: never;
        /**
         * Update a client (partial)
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        patch: operations["updateClient"];
        trace?: never;
    };
    "/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List users (a manager sees technicians and client users)
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listUsers"];
        put?: never;
        /**
         * Create a user (Cognito account with a temporary password, group, technician profile)
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a user
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getUser"];
        put?: never;
        post?: never;
        /**
         * Erase a user (GDPR art. 17): delete the account and pseudonymise what Hydrant keeps
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        delete: operations["eraseUser"];
        options?: never;
        head?: never;
        /**
         * Update a user: names, role (moves groups), client, active (false disables and signs out everywhere)
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        patch: operations["updateUser"];
        trace?: never;
    };
    "/v1/users/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export a user's personal data (GDPR art. 15 and 20)
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["exportUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller: profile, role, consent and whether consent to the current policy is missing
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change your own given and family names
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT; 412 PRECONDITION_FAILED; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        patch: operations["updateMe"];
        trace?: never;
    };
    "/v1/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change your password (the current one is required)
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED, RATE_LIMITED; 500 INTERNAL_ERROR.
         */
        post: operations["changeMyPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/consent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record your consent to a version of the privacy policy
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["recordMyConsent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export your own personal data (GDPR art. 15 and 20)
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["exportMyData"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/mfa/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start enrolling an authenticator app: a new TOTP secret (shown once)
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 401 UNAUTHORIZED; 403 FORBIDDEN, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["setupMfa"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/mfa/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Finish enrolling: a code of the new secret turns TOTP on for every later login
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["verifyMfa"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/mfa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Turn TOTP off (refused with 403 MFA_REQUIRED for a role that must have it)
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT; 412 PRECONDITION_FAILED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        delete: operations["disableMfa"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Maintenance KPIs (a client user gets its own client figures)
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getDashboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Booked visits in a window, with their work order's summary (technicians: their own)
         * @description Roles: admin, manager, technician.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getSchedule"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schedule/feeds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A calendar subscription URL (iCalendar) of a technician's schedule; the URL is shown once and works until the feed is deleted
         * @description Roles: admin, manager, technician.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["createScheduleFeed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schedule/feeds/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a calendar feed: its URL stops working at once
         * @description Roles: admin, manager, technician.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        delete: operations["deleteScheduleFeed"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schedule.ics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A technician's schedule as iCalendar (RFC 5545), through the URL a feed hands out
         * @description Public: no token, no API key.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 500 INTERNAL_ERROR.
         */
        get: operations["getScheduleIcs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/work-orders/{id}/time-entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A work order's time entries, by start
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listTimeEntries"];
        put?: never;
        /**
         * Log time spent on a work order (a technician for themself, managers for anyone)
         * @description Roles: admin, manager, technician.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT, IDEMPOTENCY_IN_PROGRESS; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["createTimeEntry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/time-entries/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Time entries starting in [from, to) as CSV for payroll (RFC 4180, at most 62 days)
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["exportTimeEntries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/assets/{id}/maintenance-plans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An asset's maintenance plans
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listMaintenancePlans"];
        put?: never;
        /**
         * Add a preventive maintenance plan to an asset (calendar and/or meter, whichever first)
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT, IDEMPOTENCY_IN_PROGRESS; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["createMaintenancePlan"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/maintenance-plans/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a maintenancePlan
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getMaintenancePlan"];
        put?: never;
        post?: never;
        /**
         * Delete a maintenancePlan
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        delete: operations["deleteMaintenancePlan"];
        options?: never;
        head?: never;
        /**
         * Update a maintenancePlan (partial)
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        patch: operations["updateMaintenancePlan"];
        trace?: never;
    };
    "/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the subscriptions
         * @description Roles: admin. Machine scopes: webhooks.manage.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listWebhooks"];
        put?: never;
        /**
         * Subscribe an endpoint to events; the signing secret (`whsec_...`) is in this answer only
         * @description Roles: admin. Machine scopes: webhooks.manage.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a subscription (never its secret)
         * @description Roles: admin. Machine scopes: webhooks.manage.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getWebhook"];
        put?: never;
        post?: never;
        /**
         * Delete a subscription: nothing more is sent to it
         * @description Roles: admin. Machine scopes: webhooks.manage.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        /**
         * Update a subscription (partial); enabling it again clears why it was disabled
         * @description Roles: admin. Machine scopes: webhooks.manage.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        patch: operations["updateWebhook"];
        trace?: never;
    };
    "/v1/webhooks/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A new signing secret, shown once; for 24 hours every delivery carries both signatures
         * @description Roles: admin. Machine scopes: webhooks.manage.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a `webhook.test` event to this endpoint now; its delivery appears in the log
         * @description Roles: admin. Machine scopes: webhooks.manage.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["testWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The delivery log, newest first: every attempt with its time, status code, latency, error and the first bytes of the answer
         * @description Roles: admin. Machine scopes: webhooks.manage.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/deliveries/{deliveryId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Attempt a delivery once more, now (a failed one, or a pending one ahead of its schedule)
         * @description Roles: admin. Machine scopes: webhooks.manage.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["retryWebhookDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resend every event since a time that the endpoint should have received and has not (new deliveries, or a retry of failed ones)
         * @description Roles: admin. Machine scopes: webhooks.manage.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["replayWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/settings/security": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's security settings (which roles must use MFA)
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getSecuritySettings"];
        /**
         * Set which roles must use MFA (effective at each user's next token)
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        put: operations["updateSecuritySettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/machine-clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's machine clients (never their secrets)
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listMachineClients"];
        put?: never;
        /**
         * Create a machine client (client credentials); its secret is answered once
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["createMachineClient"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/machine-clients/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a machine client: it can get no new token (issued ones live out their hour)
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        delete: operations["deleteMachineClient"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/partner-apps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's partner apps
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listPartnerApps"];
        put?: never;
        /**
         * Register a partner app (authorization code + PKCE, acting for a user)
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT, IDEMPOTENCY_IN_PROGRESS; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["createPartnerApp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/partner-apps/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a partner app: no new authorization or token for it
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        delete: operations["deletePartnerApp"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/zones": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List zones
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listZones"];
        put?: never;
        /**
         * Create a zone
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT, IDEMPOTENCY_IN_PROGRESS; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["createZone"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/zones/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a zone
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getZone"];
        put?: never;
        post?: never;
        /**
         * Delete a zone
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        delete: operations["deleteZone"];
        options?: never;
        head?: never;
        /**
         * Update a zone (partial)
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        patch: operations["updateZone"];
        trace?: never;
    };
    "/v1/zones/{id}/night-flow": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A zone's minimum night flow, one row per local night, with the leak detector's verdict
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getZoneNightFlow"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/zones/{id}/night-flow.svg": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A zone's night line as an SVG chart: minimum night flow, legitimate night use, the detection threshold and leak events
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getZoneNightFlowChart"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The API reference: an HTML page (Swagger UI) over GET /openapi.json
         * @description Public: no token, no API key.
         *
         *     Errors (problem+json `code`): 500 INTERNAL_ERROR.
         */
        get: operations["getDocsPage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs/swagger-ui.js": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The docs page's script: Swagger UI and the lines that start it on /openapi.json
         * @description Public: no token, no API key.
         *
         *     Errors (problem+json `code`): 500 INTERNAL_ERROR.
         */
        get: operations["getDocsScript"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The contract: this OpenAPI 3.1 document, as openapi.yaml holds it, in JSON
         * @description Public: no token, no API key.
         *
         *     Errors (problem+json `code`): 500 INTERNAL_ERROR.
         */
        get: operations["getOpenApi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/zones/{id}/correlations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Locate a leak between two acoustic loggers of the zone from their synchronised recordings (or say there is no coherent leak noise)
         * @description Roles: admin, manager, technician.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["correlateLeakNoise"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sensors/{id}/transients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Scan a pressure sensor's high-rate burst for transients; raises (or clears) its pressure.transient alert
         * @description Roles: admin, manager, technician.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["scanPressureTransients"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/quality/parameters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The catalogue of water-quality parameters: units, accepted units with their conversions, sensor kinds, and their limits in the EU Drinking Water Directive 2020/2184 and the WHO guidelines, each with its source
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listQualityParameters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/quality/limit-sets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List quality/limit-sets
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listLimitSets"];
        put?: never;
        /**
         * Create a limitSet
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT, IDEMPOTENCY_IN_PROGRESS; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["createLimitSet"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/quality/limit-sets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a limitSet
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getLimitSet"];
        put?: never;
        post?: never;
        /**
         * Delete a limitSet
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        delete: operations["deleteLimitSet"];
        options?: never;
        head?: never;
        /**
         * Update a limitSet (partial)
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        patch: operations["updateLimitSet"];
        trace?: never;
    };
    "/v1/quality/sampling-points": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List quality/sampling-points
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listSamplingPoints"];
        put?: never;
        /**
         * Create a samplingPoint
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT, IDEMPOTENCY_IN_PROGRESS; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["createSamplingPoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/quality/sampling-points/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a samplingPoint
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getSamplingPoint"];
        put?: never;
        post?: never;
        /**
         * Delete a samplingPoint
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        delete: operations["deleteSamplingPoint"];
        options?: never;
        head?: never;
        /**
         * Update a samplingPoint (partial)
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        patch: operations["updateSamplingPoint"];
        trace?: never;
    };
    "/v1/quality/samples": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import lab results, as JSON rows or a CSV file (English or French columns): converted to canonical units, values below the LOQ kept as such, judged against the limits that apply; 422 lists every row's mistakes and stores nothing
         * @description Roles: admin, manager, technician.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT, IDEMPOTENCY_IN_PROGRESS; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["importQualitySamples"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/quality/exceedances": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Exceedances of the water-quality limits (continuous readings and lab results), newest first: start, end, worst value, the limit and its source
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listExceedances"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/quality/compliance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A site's compliance per parameter: samples taken and compliant, share compliant, exceedances, time out of range of continuous parameters
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getQualityCompliance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/quality/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A site's monthly water-quality report, as a PDF and a CSV kept as documents of the site (downloadable through the documents API)
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT, IDEMPOTENCY_IN_PROGRESS; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["createQualityReport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/consumption": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import billed consumption per customer connection and period (JSON rows or a CSV export); the same zone, connection and period replaces the row stored
         * @description Roles: admin, manager.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["importConsumption"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/zones/{id}/water-balance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A zone's IWA/AWWA water balance over a range: system input from its meters, billed consumption from the imports, losses, UARL and ILI, each figure with its source
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getZoneWaterBalance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/notification-preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your e-mail preferences: language, immediately or a daily digest, which notification types
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getNotificationPreferences"];
        /**
         * Replace your e-mail preferences
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        put: operations["updateNotificationPreferences"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/unsubscribe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Turn off the e-mails of the user an e-mail's link names (no sign-in: the signed token is the credential; again changes nothing)
         * @description Public: no token, no API key.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 500 INTERNAL_ERROR.
         */
        get: operations["unsubscribe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ai/predict": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Predict with a model: probability, confidence, conformal interval, exact explanation and a recommendation from stated rules
         * @description Roles: admin, manager, technician.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["predict"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ai/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The models: what each predicts, its version, training window and evaluation on held-out data (the default model when the tenant has not trained one)
         * @description Roles: admin, manager, technician.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listModels"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ai/models/{name}/train": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Train the model on the tenant's own history (queued; GET /v1/ai/models shows the outcome)
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT, IDEMPOTENCY_IN_PROGRESS; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["trainModel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connectors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List connectors
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listConnectors"];
        put?: never;
        /**
         * Link a third-party service; its credentials are sealed and never answered
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT, IDEMPOTENCY_IN_PROGRESS; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["createConnector"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connectors/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a connector (never its credentials)
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["getConnector"];
        put?: never;
        post?: never;
        /**
         * Delete a connector and its credentials
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        delete: operations["deleteConnector"];
        options?: never;
        head?: never;
        /**
         * Update a connector (partial): enable, merge settings, replace credentials
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 412 PRECONDITION_FAILED; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        patch: operations["updateConnector"];
        trace?: never;
    };
    "/v1/connectors/{id}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The sync log, newest first: started, completed, status, records and errors of each run
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, INVALID_CURSOR; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listConnectorRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connectors/{id}/authorize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start the OAuth2 grant (QuickBooks, Google Calendar, Dropbox): the provider's consent URL with a signed state, valid 10 minutes
         * @description Roles: admin.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 404 NOT_FOUND; 409 CONFLICT; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["authorizeConnector"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/connectors/oauth/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The provider's redirect after consent: exchanges the code for tokens and seals them (the signed state names the connector)
         * @description Public: no token, no API key.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 422 IDEMPOTENCY_KEY_REUSED; 500 INTERNAL_ERROR.
         */
        get: operations["completeConnectorOAuth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/assets/at-risk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Assets ranked by the probability of a corrective work order within horizonDays, each with an exact explanation (top N)
         * @description Roles: admin, manager, technician, client.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        get: operations["listAssetsAtRisk"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run up to 100 operations in one call, best effort or all-or-nothing (atomic)
         * @description Roles: admin, manager, technician, client. Machine scopes: telemetry.write, telemetry.read, work-orders.read, work-orders.write, forecasts.write, webhooks.manage.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT, IDEMPOTENCY_IN_PROGRESS; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 422 IDEMPOTENCY_KEY_REUSED; 429 THROTTLED, QUOTA_EXCEEDED; 500 INTERNAL_ERROR.
         */
        post: operations["batch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/graphql": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * GraphQL: sites, assets, latest readings, work orders, alerts and zones queried together; the REST writes as mutations
         * @description Roles: admin, manager, technician, client. Machine scopes: telemetry.read.
         *
         *     Errors (problem+json `code`): 400 VALIDATION_FAILED, MALFORMED_JSON, BODY_TOO_DEEP; 401 UNAUTHORIZED; 403 FORBIDDEN, MFA_REQUIRED, INVALID_API_KEY, API_KEY_DISABLED, API_KEY_EXPIRED, IP_NOT_ALLOWED, REQUEST_BLOCKED; 409 CONFLICT; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_MEDIA_TYPE; 429 THROTTLED, QUOTA_EXCEEDED, RATE_LIMITED; 500 INTERNAL_ERROR.
         */
        post: operations["graphql"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "leak.suspected": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The nightly leak detector raised a zone's leak alert (data: the alert, `conditionType` leak, with its `leak` figures) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7E01",
                     *       "type": "leak.suspected",
                     *       "occurredAt": "2026-11-21T06:00:04.000Z",
                     *       "tenant": "acme",
                     *       "data": {
                     *         "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7M01",
                     *         "version": 1,
                     *         "createdAt": "2026-11-21T09:31:02.000Z",
                     *         "updatedAt": "2026-11-21T09:31:02.000Z",
                     *         "ruleId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7R02",
                     *         "ruleName": "Leaks in every zone",
                     *         "conditionType": "leak",
                     *         "severity": "major",
                     *         "sensorId": null,
                     *         "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *         "kind": null,
                     *         "zoneId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7Z01",
                     *         "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *         "status": "active",
                     *         "message": "Leak suspected in zone Croix-Rousse since the night of 2026-11-18: +4.2 m³/h (95 % 3.1 to 5.3), 302.4 m³ lost so far",
                     *         "raisedBy": {
                     *           "ts": "2026-11-21T02:00:00.000Z",
                     *           "value": 4.2
                     *         },
                     *         "raisedAt": "2026-11-21T06:00:04.000Z",
                     *         "acknowledgedAt": null,
                     *         "acknowledgedBy": null,
                     *         "clearedAt": null,
                     *         "clearedBy": null,
                     *         "workOrderRequested": true,
                     *         "leak": {
                     *           "startNight": "2026-11-18",
                     *           "detectedNight": "2026-11-20",
                     *           "baselineM3h": 21.5,
                     *           "addedFlowM3h": 4.2,
                     *           "addedFlowInterval95M3h": [
                     *             3.1,
                     *             5.3
                     *           ],
                     *           "volumeLostM3": 302.4,
                     *           "count": 1,
                     *           "lastSeenNight": "2026-11-20",
                     *           "clearedNight": null
                     *         }
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["LeakSuspectedEvent"];
                };
            };
            responses: {
                /** @description Received (anything else is retried) */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "leak.cleared": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A zone's night line returned: its leak alert was cleared (data: the cleared alert, `leak.clearedNight` set) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7E02",
                     *       "type": "leak.cleared",
                     *       "occurredAt": "2026-11-27T06:00:03.000Z",
                     *       "tenant": "acme",
                     *       "data": {
                     *         "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7M01",
                     *         "version": 7,
                     *         "createdAt": "2026-11-21T09:31:02.000Z",
                     *         "updatedAt": "2026-11-27T06:00:03.000Z",
                     *         "ruleId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7R02",
                     *         "ruleName": "Leaks in every zone",
                     *         "conditionType": "leak",
                     *         "severity": "major",
                     *         "sensorId": null,
                     *         "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *         "kind": null,
                     *         "zoneId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7Z01",
                     *         "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *         "status": "cleared",
                     *         "message": "Leak suspected in zone Croix-Rousse since the night of 2026-11-18: +4.2 m³/h (95 % 3.1 to 5.3), 302.4 m³ lost so far",
                     *         "raisedBy": {
                     *           "ts": "2026-11-21T02:00:00.000Z",
                     *           "value": 4.2
                     *         },
                     *         "raisedAt": "2026-11-21T06:00:04.000Z",
                     *         "acknowledgedAt": null,
                     *         "acknowledgedBy": null,
                     *         "clearedAt": "2026-11-27T06:00:03.000Z",
                     *         "clearedBy": {
                     *           "ts": "2026-11-27T02:00:00.000Z",
                     *           "value": 4.2,
                     *           "reason": "the night line returned on 2026-11-25"
                     *         },
                     *         "workOrderRequested": true,
                     *         "leak": {
                     *           "startNight": "2026-11-18",
                     *           "detectedNight": "2026-11-20",
                     *           "baselineM3h": 21.5,
                     *           "addedFlowM3h": 4.2,
                     *           "addedFlowInterval95M3h": [
                     *             3.1,
                     *             5.3
                     *           ],
                     *           "volumeLostM3": 302.4,
                     *           "count": 5,
                     *           "lastSeenNight": "2026-11-24",
                     *           "clearedNight": "2026-11-25"
                     *         }
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["LeakClearedEvent"];
                };
            };
            responses: {
                /** @description Received (anything else is retried) */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        AiModel: {
            /** @constant */
            name: "water_quality_predictor";
            predicts: string;
            /** @enum {string} */
            kind: "trained" | "default";
            version: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            trainedAt: string;
            target: {
                limitMgL: number;
                horizonHours: number;
            };
            /** @description What the probability head learnt from (the interval's regression: the part before the calibration window) */
            trainingWindow: {
                /**
                 * Format: date-time
                 * @example 2026-11-21T09:30:00Z
                 */
                from: string;
                /**
                 * Format: date-time
                 * @example 2026-11-21T09:30:00Z
                 */
                to: string;
                examples: number;
                /** @description Hours followed by a fall below the limit */
                positives: number;
            };
            /** @description Where the interval was calibrated (split conformal) */
            calibrationWindow: {
                /**
                 * Format: date-time
                 * @example 2026-11-21T09:30:00Z
                 */
                from: string;
                /**
                 * Format: date-time
                 * @example 2026-11-21T09:30:00Z
                 */
                to: string;
                examples: number;
                /** @description Hours followed by a fall below the limit */
                positives: number;
            };
            evaluation: {
                /** @description The held-out window: the newest 20 % of the history, never seen in training or calibration */
                window: {
                    /**
                     * Format: date-time
                     * @example 2026-11-21T09:30:00Z
                     */
                    from: string;
                    /**
                     * Format: date-time
                     * @example 2026-11-21T09:30:00Z
                     */
                    to: string;
                    examples: number;
                    /** @description Hours followed by a fall below the limit */
                    positives: number;
                };
                auc: number | null;
                brier: number;
                /** @description Ten bins of predicted probability on the held-out window: mean prediction against the observed rate */
                calibration: {
                    from: number;
                    to: number;
                    count: number;
                    meanPredicted: number | null;
                    observedRate: number | null;
                }[];
                /** @description Share of held-out hours whose lowest chlorine fell in the 90 % interval */
                intervalCoverage: number;
                /** @description The naive baseline on the same hours: the current chlorine alone */
                persistence: {
                    auc: number | null;
                    brier: number;
                };
            };
            provenance: string;
            lastTraining: {
                /** @enum {string} */
                status: "queued" | "succeeded" | "insufficient_history" | "failed";
                /**
                 * Format: date-time
                 * @example 2026-11-21T09:30:00Z
                 */
                requestedAt: string;
                completedAt: string | null;
                reason: string | null;
            } | null;
        };
        Alert: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            /** @description The rule that raised it; for a leak alert the leak rule that applied (null: none) */
            ruleId: string | null;
            ruleName: string;
            /**
             * @description `leak`: a leak suspected on a zone's night line (the nightly leak detector); `transient`: a pressure transient of a burst posted to POST /v1/sensors/{id}/transients
             * @enum {string}
             */
            conditionType: "threshold" | "duration" | "rateOfChange" | "anomaly" | "noData" | "leak" | "transient";
            /** @enum {string} */
            severity: "critical" | "major" | "minor" | "warning";
            /** @description The sensor of a sensor alert; null for a zone's leak alert */
            sensorId: string | null;
            siteId: string | null;
            kind: ("ph" | "turbidity" | "chlorine" | "temperature" | "pressure" | "flow" | "level" | "conductivity" | "acoustic") | null;
            /** @description The zone of a leak alert (`conditionType` leak); null for a sensor alert */
            zoneId: string | null;
            clientId: string | null;
            /** @enum {string} */
            status: "active" | "acknowledged" | "cleared";
            message: string;
            raisedBy: {
                /**
                 * Format: date-time
                 * @example 2026-11-21T09:30:00Z
                 */
                ts: string;
                value: number | null;
            };
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            raisedAt: string;
            acknowledgedAt: string | null;
            acknowledgedBy: {
                subject: string;
                username: string | null;
            } | null;
            clearedAt: string | null;
            clearedBy: {
                /**
                 * Format: date-time
                 * @example 2026-11-21T09:30:00Z
                 */
                ts: string;
                value: number | null;
                reason: string;
            } | null;
            workOrderRequested: boolean;
            /** @description A leak alert's figures, updated by each nightly run while it lasts */
            leak: components["schemas"]["LeakFigures"] | null;
        };
        AlertRule: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            name: string;
            sensorId: string | null;
            siteId: string | null;
            kind: ("ph" | "turbidity" | "chlorine" | "temperature" | "pressure" | "flow" | "level" | "conductivity" | "acoustic") | null;
            /** @description The zone of a leak rule; null: every zone (leak rules) or not a leak rule */
            zoneId: string | null;
            /** @description What raises the alert */
            condition: {
                /** @constant */
                type: "threshold";
                /** @enum {string} */
                comparison: "above" | "below";
                value: number;
                /**
                 * @description How far back past the threshold the value must go to clear the alert
                 * @default 0
                 */
                deadband: number;
            } | {
                /** @constant */
                type: "duration";
                /** @enum {string} */
                comparison: "above" | "below";
                value: number;
                /** @default 0 */
                deadband: number;
                /** @description How long the threshold must hold, in reading time */
                seconds: number;
            } | {
                /** @constant */
                type: "rateOfChange";
                /** @description Magnitude of change per minute between successive readings */
                perMinute: number;
                /**
                 * @default either
                 * @enum {string}
                 */
                direction: "rising" | "falling" | "either";
            } | {
                /** @constant */
                type: "anomaly";
                /**
                 * @description Raise when |z| > k
                 * @default 3
                 */
                k: number;
                /**
                 * @description Trailing window the mean and standard deviation are taken over
                 * @default 60
                 */
                windowMinutes: number;
                /** @default 10 */
                minSamples: number;
            } | {
                /** @constant */
                type: "transient";
                /** @description Raise when a pressure transient of a burst (POST /v1/sensors/{id}/transients) swings more than this, metres of head; the zone's transientLimitM takes precedence */
                limitM: number;
            } | {
                /** @constant */
                type: "noData";
                /** @description Raise when nothing arrived for this long (checked every minute) */
                minutes: number;
            } | {
                /** @constant */
                type: "leak";
            };
            /** @enum {string} */
            severity: "critical" | "major" | "minor" | "warning";
            enabled: boolean;
            /** @description Open a work order (source `alert`) when an alert is raised, one per alert */
            openWorkOrder: boolean;
            /** @description One of the rules every tenant starts with: watches every sensor of its kind in the tenant (sensorId and siteId null); tune or disable it with PATCH */
            default: boolean;
        };
        ApiAnomaly: {
            id: string;
            apiKeyId: string;
            apiKeyName: string | null;
            hour: string;
            anomalies: {
                /** @enum {string} */
                kind: "mostly-client-errors" | "rate-spike" | "scanning" | "many-user-agents";
                detail: string;
            }[];
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            detectedAt: string;
        };
        ApiKey: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            name: string;
            owner: string;
            planId: string;
            ipAllowList: string[];
            expiresAt: string | null;
            /** @enum {string} */
            status: "active" | "disabled";
            lastRotatedAt: string | null;
            /** @description The first 8 characters of the current value, to recognise the key */
            keyPrefix: string;
            /** @description API Gateway's id of the current value (the apiKeyId of audit records) */
            gatewayKeyId: string;
            /** @description Previous values still in their grace period */
            retiringKeys: {
                gatewayKeyId: string;
                keyPrefix: string;
                /**
                 * Format: date-time
                 * @description The previous value stops working then
                 * @example 2026-11-21T09:30:00Z
                 */
                graceUntil: string;
            }[];
            /** @description Automatic rotation every this many days; null: only by hand */
            autoRotateDays: number | null;
            /** @description When the schedule rotates the key next */
            nextRotationAt: string | null;
            /** @description When admins were told of the coming rotation */
            rotationNoticeSentAt: string | null;
            /** @description A value made by an automatic rotation, to claim once with POST /v1/api-keys/{id}/pending-value */
            pendingValue: {
                keyPrefix: string;
                /**
                 * Format: date-time
                 * @example 2026-11-21T09:30:00Z
                 */
                rotatedAt: string;
                /**
                 * Format: date-time
                 * @description The previous value stops working then: claim the new one before
                 * @example 2026-11-21T09:30:00Z
                 */
                previousValueUntil: string;
                notifiedAt: string | null;
            } | null;
        };
        ApiKeyWithValue: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            name: string;
            owner: string;
            planId: string;
            ipAllowList: string[];
            expiresAt: string | null;
            /** @enum {string} */
            status: "active" | "disabled";
            lastRotatedAt: string | null;
            /** @description The first 8 characters of the current value, to recognise the key */
            keyPrefix: string;
            /** @description API Gateway's id of the current value (the apiKeyId of audit records) */
            gatewayKeyId: string;
            /** @description Previous values still in their grace period */
            retiringKeys: {
                gatewayKeyId: string;
                keyPrefix: string;
                /**
                 * Format: date-time
                 * @description The previous value stops working then
                 * @example 2026-11-21T09:30:00Z
                 */
                graceUntil: string;
            }[];
            /** @description Automatic rotation every this many days; null: only by hand */
            autoRotateDays: number | null;
            /** @description When the schedule rotates the key next */
            nextRotationAt: string | null;
            /** @description When admins were told of the coming rotation */
            rotationNoticeSentAt: string | null;
            /** @description A value made by an automatic rotation, to claim once with POST /v1/api-keys/{id}/pending-value */
            pendingValue: {
                keyPrefix: string;
                /**
                 * Format: date-time
                 * @example 2026-11-21T09:30:00Z
                 */
                rotatedAt: string;
                /**
                 * Format: date-time
                 * @description The previous value stops working then: claim the new one before
                 * @example 2026-11-21T09:30:00Z
                 */
                previousValueUntil: string;
                notifiedAt: string | null;
            } | null;
            /** @description The key value, shown only in this answer: store it now */
            value: string;
        };
        Asset: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            name: string;
            /** @enum {string} */
            type: "pump" | "valve" | "hydrant" | "pipe" | "meter" | "reservoir" | "treatment-unit" | "sensor-station" | "other";
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            siteId: string;
            clientId: string | null;
            serialNumber: string;
            model: string | null;
            installedAt: string | null;
            /** @description Deprecated (sunset 2027-12-01): use maintenance.intervalDays of GET /v2/assets/{id} */
            maintenanceIntervalDays: number | null;
            /** @enum {string} */
            status: "operational" | "degraded" | "down" | "retired";
            /** @description Set when preventive or corrective work on the asset is completed (not inspections nor predictive work). Deprecated (sunset 2027-12-01): use maintenance.lastAt of GET /v2/assets/{id} */
            lastMaintenanceAt: string | null;
            /** @description The earliest of maintenanceIntervalDays after lastMaintenanceAt (or installedAt) and the next due dates of its enabled maintenance plans; null when retired. Deprecated (sunset 2027-12-01): use maintenance.nextAt of GET /v2/assets/{id} */
            nextMaintenanceAt: string | null;
            zoneId: string | null;
            parentAssetId: string | null;
            pipe: {
                /** @description Length of the pipe, m */
                lengthM: number;
                /** @description Internal diameter, mm */
                diameterMm: number;
                /**
                 * @description Pipe wall material (the materials whose wave speed the correlator knows)
                 * @enum {string}
                 */
                material: "ductile_iron" | "cast_iron" | "steel" | "asbestos_cement" | "concrete" | "pvc" | "pe";
            } | null;
        };
        AssetFailureModel: {
            /** @constant */
            name: "asset_failure_predictor";
            predicts: string;
            /** @enum {string} */
            kind: "trained" | "default";
            version: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            trainedAt: string;
            target: {
                /** @description The horizon the model was trained at; GET /v1/assets/at-risk converts to others */
                horizonDays: number;
            };
            /** @description The monthly snapshots (asset × month) it learnt from */
            trainingWindow: {
                /**
                 * Format: date-time
                 * @example 2026-11-21T09:30:00Z
                 */
                from: string;
                /**
                 * Format: date-time
                 * @example 2026-11-21T09:30:00Z
                 */
                to: string;
                examples: number;
                /** @description Hours followed by a fall below the limit */
                positives: number;
            };
            evaluation: {
                /** @description The held-out window: the newest quarter of snapshot dates, after every training label */
                window: {
                    /**
                     * Format: date-time
                     * @example 2026-11-21T09:30:00Z
                     */
                    from: string;
                    /**
                     * Format: date-time
                     * @example 2026-11-21T09:30:00Z
                     */
                    to: string;
                    examples: number;
                    /** @description Hours followed by a fall below the limit */
                    positives: number;
                };
                auc: number | null;
                brier: number;
                /** @description Ten bins of predicted probability on the held-out window: mean prediction against the observed rate */
                calibration: {
                    from: number;
                    to: number;
                    count: number;
                    meanPredicted: number | null;
                    observedRate: number | null;
                }[];
                /** @description The naive baseline on the same snapshots: age alone */
                ageBaseline: {
                    auc: number | null;
                };
            };
            provenance: string;
            lastTraining: {
                /** @enum {string} */
                status: "queued" | "succeeded" | "insufficient_history" | "failed";
                /**
                 * Format: date-time
                 * @example 2026-11-21T09:30:00Z
                 */
                requestedAt: string;
                completedAt: string | null;
                reason: string | null;
            } | null;
        };
        AssetV2: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            name: string;
            /** @enum {string} */
            type: "pump" | "valve" | "hydrant" | "pipe" | "meter" | "reservoir" | "treatment-unit" | "sensor-station" | "other";
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            siteId: string;
            clientId: string | null;
            serialNumber: string;
            model: string | null;
            installedAt: string | null;
            /** @enum {string} */
            status: "operational" | "degraded" | "down" | "retired";
            zoneId: string | null;
            parentAssetId: string | null;
            pipe: {
                /** @description Length of the pipe, m */
                lengthM: number;
                /** @description Internal diameter, mm */
                diameterMm: number;
                /**
                 * @description Pipe wall material (the materials whose wave speed the correlator knows)
                 * @enum {string}
                 */
                material: "ductile_iron" | "cast_iron" | "steel" | "asbestos_cement" | "concrete" | "pvc" | "pe";
            } | null;
            maintenance: {
                intervalDays: number | null;
                lastAt: string | null;
                nextAt: string | null;
            };
        };
        AuditRecord: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            tenantId: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            at: string;
            principal: {
                /** @enum {string} */
                kind: "user" | "machine" | "anonymous";
                id: string;
                username?: string;
                role?: string;
            };
            apiKeyId: string | null;
            action: string;
            resourceType: string;
            resourceId: string | null;
            method: string;
            route: string;
            status: number;
            clientAddress: string | null;
            userAgent: string | null;
            bodySha256: string | null;
            changes: {
                [key: string]: {
                    before: unknown;
                    after: unknown;
                };
            } | null;
        };
        BatchResult: {
            committed?: boolean;
            results: {
                status: number;
                body?: unknown;
            }[];
        };
        ChallengeResponse: {
            /**
             * @description NEW_PASSWORD_REQUIRED: first login with a temporary password, send POST /v1/auth/new-password; SOFTWARE_TOKEN_MFA: send POST /v1/auth/mfa with the authenticator code
             * @enum {string}
             */
            challenge: "NEW_PASSWORD_REQUIRED" | "SOFTWARE_TOKEN_MFA";
            /** @description Opaque, valid 3 minutes, for the one request that answers the challenge */
            session: string;
        };
        Client: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            name: string;
            email: string | null;
            phone: string | null;
            address: string | null;
            /** @enum {string} */
            status: "active" | "inactive";
        };
        Compliance: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            siteId: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            from: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            to: string;
            parameters: {
                parameter: string;
                name: string;
                unit: string;
                samplesTaken: number;
                samplesCompliant: number;
                samplesNonCompliant: number;
                /** @description Below a limit of quantification that is above the limit */
                samplesNotAssessable: number;
                /** @description compliant / (compliant + non-compliant); null when none is assessed */
                shareCompliant: number | null;
                exceedances: number;
                continuous: {
                    sensors: number;
                    /** @description UTC hours with readings (hourly rollups) */
                    hoursMeasured: number;
                    /** @description Of them, hours whose mean was beyond the limit that applied */
                    hoursOutOfRange: number;
                    /** @description Hours the continuous exceedances cover in the period (from their start and end) */
                    exceedanceHours: number;
                } | null;
                /** @description The limit at every point of the site at the end of the period */
                limit: {
                    parameter: string;
                    unit: string;
                    min: {
                        value: number;
                        setId: string;
                        setName: string;
                        source: string;
                        note: string | null;
                    } | null;
                    max: {
                        value: number;
                        setId: string;
                        setName: string;
                        source: string;
                        note: string | null;
                    } | null;
                } | null;
            }[];
        };
        Connector: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            /** @enum {string} */
            type: "sage_100" | "silae" | "quickbooks" | "slack" | "google_calendar" | "dropbox";
            enabled: boolean;
            config: {
                [key: string]: unknown;
            };
            /** @description Credentials are stored (never answered) */
            hasCredentials: boolean;
            /** @description When the OAuth2 grant was last completed */
            authorizedAt: string | null;
            lastSyncAt: string | null;
            /** @enum {string} */
            syncStatus: "never" | "running" | "succeeded" | "failed";
            lastError: string | null;
        };
        ConnectorRun: {
            id: string;
            connectorId: string;
            /** @enum {string} */
            trigger: "schedule" | "event";
            eventId: string | null;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            started: string;
            completed: string | null;
            /** @enum {string} */
            status: "running" | "succeeded" | "failed";
            /** @description Records read or written by the run */
            records: number;
            errors: string[];
        };
        Consent: {
            policyVersion: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            acceptedAt: string;
        };
        ConvertedServiceRequest: {
            request: components["schemas"]["ServiceRequest"];
            /** @description The work order made from the request (GET /v1/work-orders/{id} for all of it) */
            workOrder: {
                /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
                id: string;
            } & {
                [key: string]: unknown;
            };
            /** @description Documents of the request now attached to the work order */
            movedDocuments: number;
        };
        Correlation: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            zoneId: string;
            /** @example PH_001 */
            sensorA: string;
            /** @example PH_001 */
            sensorB: string;
            /**
             * @description `no_coherent_leak_noise`: the loggers hear nothing in common (no leak between them, or too far)
             * @enum {string}
             */
            status: "located" | "no_coherent_leak_noise";
            /** @description Leak position along the pipe from logger A, m (null without coherent noise) */
            distanceFromAM: number | null;
            /** @description Plus or minus, m: the wave speed tolerance and the peak width */
            uncertaintyM: number | null;
            /** @description Delay of B behind A, s */
            delayS: number | null;
            waveSpeed: {
                mps: number;
                toleranceMps: number;
                /**
                 * @description `table`: Korteweg from the material and diameter; `given`: waveSpeedMps of the request
                 * @enum {string}
                 */
                source: "table" | "given";
            };
            /** @description Correlation coefficient at the peak, -1..1 */
            peakCoefficient: number | null;
            /** @description Peak height above the median of the searched lags, in robust standard deviations */
            peakProminence: number;
            /** @description Prominence under which the answer is no coherent leak noise */
            prominenceThreshold: number;
            /** @description The source is within its uncertainty of a logger: it may be at or beyond it */
            atLogger: ("A" | "B") | null;
            sampleRateHz: number;
            /** @description Length of the shorter recording, s */
            durationS: number;
        };
        CreatedUser: {
            /**
             * Format: uuid
             * @example 7d3f2a10-5b1c-4e8a-9f0d-2c4b6e8a1f3d
             */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            email: string;
            givenName: string;
            familyName: string;
            /** @enum {string} */
            role: "admin" | "manager" | "technician" | "client";
            clientId: string | null;
            active: boolean;
            technicianId: string | null;
            consent: components["schemas"]["Consent"] | null;
            /** @description Local stack only, shown once; in the cloud Cognito e-mails it and it is never returned */
            temporaryPassword?: string;
        };
        Dashboard: {
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            generatedAt: string;
            clientId: string | null;
            workOrders: {
                open: number;
                scheduled: number;
                inProgress: number;
                onHold: number;
                overdue: number;
                critical: number;
                completedThisWeek: number;
            };
            meanTimeToRepairHours: number | null;
            /** @description Per asset id, from corrective work orders */
            meanTimeBetweenFailuresHours: {
                [key: string]: number;
            };
            preventiveCompliance: {
                due: number;
                onTime: number;
                ratio: number | null;
            };
            backlog: {
                hours: number;
                withoutEstimate: number;
            };
            technicianUtilisation: {
                technicianId: string;
                /** @description Estimated minutes of the work orders scheduled this week */
                bookedMinutes: number;
                /** @description Minutes logged this week (time entries starting this week) */
                loggedMinutes: number;
                availableMinutes: number;
                /** @description bookedMinutes / availableMinutes */
                ratio: number | null;
            }[];
            assetsByStatus: {
                [key: string]: number;
            };
            activeAlertsBySeverity: {
                [key: string]: number;
            };
        };
        Document: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            /** @enum {string} */
            parentType: "site" | "asset" | "work-order" | "request";
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            parentId: string;
            clientId: string | null;
            fileName: string;
            contentType: string;
            sizeBytes: number;
            sha256: string;
            tags: string[];
            /**
             * @description available once the stored bytes matched the declared size and SHA-256
             * @enum {string}
             */
            status: "pending" | "available" | "rejected";
            uploadedBy: {
                subject: string;
                username: string | null;
            };
            availableAt: string | null;
            rejectedReason: string | null;
            previousParent?: {
                /** @enum {string} */
                type: "site" | "asset" | "work-order" | "request";
                /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
                id: string;
            } | null;
            /** @description A short-lived download URL (GET of one document, once available) */
            download?: {
                url: string;
                /**
                 * Format: date-time
                 * @example 2026-11-21T09:30:00Z
                 */
                expiresAt: string;
            };
        };
        DocumentUpload: {
            document: components["schemas"]["Document"];
            upload: {
                url: string;
                /** @constant */
                method: "PUT";
                /** @description Send exactly these headers: they are signed */
                headers: {
                    [key: string]: string;
                };
                /**
                 * Format: date-time
                 * @example 2026-11-21T09:30:00Z
                 */
                expiresAt: string;
            };
        };
        Exceedance: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            /** @enum {string} */
            origin: "continuous" | "lab";
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            siteId: string;
            clientId: string | null;
            samplingPointId: string | null;
            sensorId: string | null;
            parameter: string;
            unit: string;
            /**
             * @description max: too high; min: too low
             * @enum {string}
             */
            bound: "min" | "max";
            /** @description The limit broken, its set and source */
            limit: {
                value: number;
                setId: string;
                setName: string;
                source: string;
                note: string | null;
            };
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            start: string;
            /** @description Null while it lasts */
            end: string | null;
            worst: {
                value: number;
                /**
                 * Format: date-time
                 * @example 2026-11-21T09:30:00Z
                 */
                at: string;
            };
            /** @description Readings or lab results beyond the limit */
            observations: number;
            /** @description The alert it raised (continuous exceedances) */
            alertId: string | null;
        };
        ForecastAccepted: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            /** @enum {string} */
            status: "queued" | "running";
        };
        ForecastJob: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            version: number;
            /** @enum {string} */
            status: "queued" | "running" | "succeeded" | "failed";
            source: {
                /** @constant */
                type: "sensor";
                sensorId: string;
                /** @enum {string} */
                interval: "1h" | "1d" | "1w" | "1mo";
                /** @enum {string} */
                agg: "avg" | "min" | "max" | "sum" | "count" | "first" | "last" | "stddev";
                from?: string;
                to?: string;
                tz?: string;
            } | {
                /** @constant */
                type: "zone";
                zoneId: string;
                /** @enum {string} */
                interval: "1h" | "1d" | "1w" | "1mo";
                from?: string;
                to?: string;
                tz?: string;
            } | {
                /** @constant */
                type: "csv";
                dateColumn?: string;
                valueColumn?: string;
                keyColumn?: string;
                key?: string;
                /** @enum {string} */
                period: "month" | "week" | "day";
                /** @enum {string} */
                kind: "amount" | "level";
            } | {
                /** @constant */
                type: "document";
                documentId: string;
                dateColumn?: string;
                valueColumn?: string;
                keyColumn?: string;
                key?: string;
                /** @enum {string} */
                period: "month" | "week" | "day";
                /** @enum {string} */
                kind: "amount" | "level";
            };
            options: {
                horizon?: number;
                period?: number;
                /** @enum {string} */
                family: "auto" | "sarima" | "ets" | "theta" | "seasonal-naive" | "combination";
            };
            sensorId: string | null;
            /** @description CSV sources: the columns read and what became of the rows (inline CSV: from the start; documents: once the worker has read the file) */
            input?: {
                columns: {
                    date: string | null;
                    value: string;
                    key: string | null;
                };
                rows: {
                    total: number;
                    used: number;
                    invalid: number;
                    filtered: number;
                };
            };
            /** @description Failed jobs: a stable code (TOO_SHORT, CONSTANT, ALL_MISSING, INVALID_INPUT, NO_VALID_ROWS, NUMERICAL, INTERNAL_ERROR, QUEUE_UNAVAILABLE) and why */
            reason?: {
                code: string;
                message: string;
            };
            attempts: number;
            createdBy: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            startedAt?: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            completedAt?: string;
            /** @description Succeeded jobs */
            result?: components["schemas"]["ForecastResult"];
        };
        ForecastResult: {
            model: {
                /** @enum {string} */
                family: "sarima" | "ets" | "theta" | "seasonal-naive" | "combination" | "intermittent" | "mean" | "mstl";
                name: string;
                order: [
                    number,
                    number,
                    number
                ] | null;
                seasonalOrder: [
                    number,
                    number,
                    number
                ] | null;
                period: number;
                aicc: number | null;
                /** @description Null when the family has no likelihood (Theta, seasonal naive, MSTL, a combination, Croston/SBA/TSB, the mean of a few points): `criteriaReason` says why and how it is scored. Comparable within a family only. */
                informationCriteria: {
                    aic: number;
                    aicc: number;
                    bic: number;
                } | null;
                /** @description Why `informationCriteria` is null, and how the candidate is scored instead; null when they are given */
                criteriaReason: string | null;
            };
            horizon: {
                requested: number | null;
                used: number;
                safe: number;
                /** @enum {string} */
                reason: "auto" | "requested" | "capped";
            };
            /** @description Seed 003's duration_info: the horizon asked for, the one the safe-duration rule allowed (a third of the active periods, within [3, two seasons], at most a third of the series), and why */
            durationInfo: {
                /** @description The period of a step: month, week or day */
                unit: string;
                requested: number | null;
                /** @description The horizon used */
                validated: number;
                safe: number;
                /** @enum {string} */
                mode: "auto" | "user";
                /** @enum {string} */
                reason: "auto" | "requested" | "capped";
                why: string;
                rule: {
                    activePeriods: number;
                    third: number;
                    minimum: number;
                    maximum: number;
                    lengthCap: number;
                };
            };
            density: {
                active: number;
                total: number;
                ratio: number;
                sparse: boolean;
                /** @description Set when under 20 % of the periods are active */
                warning: string | null;
            };
            /** @description Every model weighed, with its information criteria (or why none) and its cross-validated scores */
            candidates: {
                /** @enum {string} */
                family: "sarima" | "ets" | "theta" | "seasonal-naive" | "combination" | "intermittent" | "mean" | "mstl";
                name: string;
                /** @description Null when the family has no likelihood (Theta, seasonal naive, MSTL, a combination, Croston/SBA/TSB, the mean of a few points): `criteriaReason` says why and how it is scored. Comparable within a family only. */
                informationCriteria: {
                    aic: number;
                    aicc: number;
                    bic: number;
                } | null;
                /** @description Why `informationCriteria` is null, and how the candidate is scored instead; null when they are given */
                criteriaReason: string | null;
                /** @description Scores on the rolling origins; null when the series is too short to cross-validate */
                crossValidation: {
                    mase: number;
                    smape: number;
                    coverage80: number;
                    coverage95: number;
                } | null;
            }[];
            /** @description The last 500 periods at most */
            history: {
                ts: string;
                value: number | null;
            }[];
            forecast: {
                ts: string;
                mean: number;
                p10: number;
                p50: number;
                p90: number;
                lower80: number;
                upper80: number;
                lower95: number;
                upper95: number;
            }[];
            backtest: {
                origins: number;
                horizon: number;
                candidates: {
                    /** @enum {string} */
                    family: "sarima" | "ets" | "theta" | "seasonal-naive" | "combination" | "intermittent" | "mean" | "mstl";
                    name: string;
                    mase: number;
                    smape: number;
                    coverage80: number;
                    coverage95: number;
                    errorScale: number;
                    /** @description Factor on the 95 % half-widths that held the rolling-origin errors at the conformal rank; the chosen model's intervals are widened by it, kept within 1 to 2 (absent from results computed before it was reported) */
                    intervalFactor?: number;
                }[];
                chosen: {
                    /** @enum {string} */
                    family: "sarima" | "ets" | "theta" | "seasonal-naive" | "combination" | "intermittent" | "mean" | "mstl";
                    name: string;
                    mase: number;
                    smape: number;
                    coverage80: number;
                    coverage95: number;
                    errorScale: number;
                    /** @description Factor on the 95 % half-widths that held the rolling-origin errors at the conformal rank; the chosen model's intervals are widened by it, kept within 1 to 2 (absent from results computed before it was reported) */
                    intervalFactor?: number;
                };
            } | null;
            explanations: string[];
        };
        ForecastSummary: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            version: number;
            /** @enum {string} */
            status: "queued" | "running" | "succeeded" | "failed";
            source: {
                /** @constant */
                type: "sensor";
                sensorId: string;
                /** @enum {string} */
                interval: "1h" | "1d" | "1w" | "1mo";
                /** @enum {string} */
                agg: "avg" | "min" | "max" | "sum" | "count" | "first" | "last" | "stddev";
                from?: string;
                to?: string;
                tz?: string;
            } | {
                /** @constant */
                type: "zone";
                zoneId: string;
                /** @enum {string} */
                interval: "1h" | "1d" | "1w" | "1mo";
                from?: string;
                to?: string;
                tz?: string;
            } | {
                /** @constant */
                type: "csv";
                dateColumn?: string;
                valueColumn?: string;
                keyColumn?: string;
                key?: string;
                /** @enum {string} */
                period: "month" | "week" | "day";
                /** @enum {string} */
                kind: "amount" | "level";
            } | {
                /** @constant */
                type: "document";
                documentId: string;
                dateColumn?: string;
                valueColumn?: string;
                keyColumn?: string;
                key?: string;
                /** @enum {string} */
                period: "month" | "week" | "day";
                /** @enum {string} */
                kind: "amount" | "level";
            };
            options: {
                horizon?: number;
                period?: number;
                /** @enum {string} */
                family: "auto" | "sarima" | "ets" | "theta" | "seasonal-naive" | "combination";
            };
            sensorId: string | null;
            /** @description CSV sources: the columns read and what became of the rows (inline CSV: from the start; documents: once the worker has read the file) */
            input?: {
                columns: {
                    date: string | null;
                    value: string;
                    key: string | null;
                };
                rows: {
                    total: number;
                    used: number;
                    invalid: number;
                    filtered: number;
                };
            };
            /** @description Failed jobs: a stable code (TOO_SHORT, CONSTANT, ALL_MISSING, INVALID_INPUT, NO_VALID_ROWS, NUMERICAL, INTERNAL_ERROR, QUEUE_UNAVAILABLE) and why */
            reason?: {
                code: string;
                message: string;
            };
            attempts: number;
            createdBy: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            startedAt?: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            completedAt?: string;
        };
        GraphqlAnswer: {
            data?: {
                [key: string]: unknown;
            } | null;
            errors?: {
                message: string;
                locations?: {
                    line: number;
                    column: number;
                }[];
                path?: (string | number)[];
                extensions: {
                    /** @description The REST problem code, or a GraphQL one (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT, QUERY_TOO_DEEP, QUERY_TOO_COMPLEX) */
                    code: string;
                } & {
                    [key: string]: unknown;
                };
            }[];
        };
        Health: {
            /** @constant */
            status: "ok";
            version: string;
            time: string;
        };
        ImportConsumptionBody: {
            /** @description The rows as JSON (a bare JSON array of rows is accepted too) */
            rows?: {
                /** @description The customer connection (service connection, meter point) as the billing system names it */
                connectionId: string;
                /**
                 * @description The zone (district metered area) the connection is in
                 * @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B
                 */
                zoneId: string;
                /**
                 * Format: date
                 * @description First day of the billed period (inclusive, UTC day)
                 * @example 2026-01-01
                 */
                periodStart: string;
                /**
                 * Format: date
                 * @description Last day of the billed period (inclusive, at most 366 days after the start)
                 * @example 2026-01-01
                 */
                periodEnd: string;
                /** @description Volume of the period, m³ */
                volumeM3: number;
                /**
                 * @description Billed authorised consumption (true) or unbilled authorised (false: fire fighting, flushing...)
                 * @default true
                 */
                billed: boolean;
                /**
                 * @description Measured by a customer meter (true) or estimated (flat rate, false)
                 * @default true
                 */
                metered: boolean;
            }[];
            /** @description Set from a text/csv body: the export of the billing system, `,` or `;` separated (`;` files use a decimal comma), dates yyyy-mm-dd or dd/mm/yyyy, English or French headers */
            csv?: string;
        };
        ImportConsumptionResult: {
            /** @description Rows stored (a row of the same zone, connection and period replaces the one stored) */
            imported: number;
            zones: string[];
            /**
             * Format: date
             * @example 2026-01-01
             */
            periodStart: string;
            /**
             * Format: date
             * @example 2026-01-01
             */
            periodEnd: string;
        };
        ImportSamplesResult: {
            received: number;
            created: number;
            /** @description Rows already stored with the same value (an import sent again) */
            duplicates: number;
            rows: {
                row: number;
                /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
                sampleId: string;
                /** @enum {string} */
                status: "created" | "duplicate";
                /** @enum {string} */
                verdict: "compliant" | "non_compliant" | "not_assessable" | "no_limit";
            }[];
            exceedancesOpened: number;
            exceedancesClosed: number;
        };
        IncomingReading: {
            /** @description The sensor (device code) */
            sensorId: string;
            /** @description ISO 8601 with an offset, or epoch milliseconds */
            ts: string | number;
            value: number;
            /** @description GOOD (default), UNCERTAIN or BAD */
            quality?: string;
            /** @description Must be the sensor's unit when present */
            unit?: string;
            /** @description At most 1 KiB of JSON kept with the reading */
            metadata?: {
                [key: string]: unknown;
            };
        };
        IngestResult: {
            /** @description Readings stored (a reading already stored identically counts as stored) */
            accepted: number;
            rejected: {
                /** @description Position of the reading in the request */
                index: number;
                /**
                 * @description INVALID_READING: not a reading: sensor id, ts, value, quality, unit or metadata; UNKNOWN_SENSOR: no sensor with that id in your tenant; OUT_OF_RANGE: outside the physical range of the sensor's kind (e.g. pH 15); UNIT_MISMATCH: another unit than the sensor's; FUTURE_TIMESTAMP: more than 5 minutes ahead of the server clock; DUPLICATE: same sensor and ts as an earlier reading of the batch; CONFLICTING_READING: another value is already stored for that sensor and ts; TIMESTAMP_OUT_OF_RANGE: outside what the store accepts (Timestream's window); STORE_REJECTED: refused by the store (the message says why)
                 * @enum {string}
                 */
                code: "INVALID_READING" | "UNKNOWN_SENSOR" | "OUT_OF_RANGE" | "UNIT_MISMATCH" | "FUTURE_TIMESTAMP" | "DUPLICATE" | "CONFLICTING_READING" | "TIMESTAMP_OUT_OF_RANGE" | "STORE_REJECTED";
                message: string;
            }[];
        };
        LeakClearedEvent: {
            id: string;
            /** @constant */
            type: "leak.cleared";
            /** Format: date-time */
            occurredAt: string;
            tenant: string;
            data: components["schemas"]["Alert"];
        };
        LeakFigures: {
            /** @description First night of the leak as estimated (local date of the zone) */
            startNight: string;
            detectedNight: string;
            /** @description The night flow expected without the leak */
            baselineM3h: number;
            /** @description Estimated flow the leak adds, m³/h */
            addedFlowM3h: number;
            /** @description 95 % interval of the added flow */
            addedFlowInterval95M3h: [
                number,
                number
            ];
            /** @description Volume lost from the start night through the last night seen */
            volumeLostM3: number;
            /** @description Nightly runs that saw the leak open (repeats are grouped on this one alert) */
            count: number;
            lastSeenNight: string;
            clearedNight: string | null;
        };
        LeakSuspectedEvent: {
            id: string;
            /** @constant */
            type: "leak.suspected";
            /** Format: date-time */
            occurredAt: string;
            tenant: string;
            data: components["schemas"]["Alert"];
        };
        LimitSet: {
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            name: string;
            /** @enum {string} */
            kind: "regulatory" | "guideline" | "tenant";
            /** @description Built-in sets are read-only */
            readOnly: boolean;
            /** @description Exceedances are judged against it (the regulation, tenant sets); the WHO guidelines are a reference */
            enforced: boolean;
            source: string;
            siteId: string | null;
            samplingPointId: string | null;
            clientId: string | null;
            severity: ("critical" | "major" | "minor" | "warning") | null;
            openWorkOrder: boolean;
            limits: {
                parameter: string;
                min: number | null;
                max: number | null;
                unit: string;
                /** @description The value in words when the text gives no number */
                text?: string;
                /** @description Only at these kinds of point; absent: at every point */
                appliesAt?: ("plant_outlet" | "reservoir" | "network" | "customer_tap")[];
                validFrom?: string;
                /** @description Exclusive */
                validUntil?: string;
                note?: string | null;
                /** @description Document, annex, part or table the value comes from */
                source: string;
            }[];
        };
        LoginBody: {
            username: string;
            password: string;
            /**
             * @description OAuth2 clients: `password`, the only grant this route answers
             * @constant
             */
            grant_type?: "password";
            /** @description OAuth2 clients: accepted and ignored (a user's token carries the user's role) */
            scope?: string;
            /** @description OAuth2 clients: accepted and ignored (Hydrant's own app client issues the tokens) */
            client_id?: string;
        };
        MachineClient: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            name: string;
            /** @description The OAuth client_id (a Cognito app client) */
            clientId: string;
            scopes: ("telemetry.write" | "telemetry.read" | "work-orders.read" | "work-orders.write" | "forecasts.write" | "webhooks.manage")[];
        };
        MachineClientWithSecret: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            name: string;
            /** @description The OAuth client_id (a Cognito app client) */
            clientId: string;
            scopes: ("telemetry.write" | "telemetry.read" | "work-orders.read" | "work-orders.write" | "forecasts.write" | "webhooks.manage")[];
            /** @description Shown in this answer only: Hydrant stores it nowhere */
            clientSecret: string;
            /** @description POST grant_type=client_credentials here, with HTTP Basic client_id:client_secret */
            tokenEndpoint?: string;
        };
        MaintenancePlan: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            assetId: string;
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            siteId: string;
            clientId: string | null;
            title: string;
            template: {
                /** @enum {string} */
                priority: "low" | "normal" | "high" | "critical";
                description?: string;
                requiredSkills: string[];
                estimatedMinutes?: number;
                checklist: {
                    id?: string;
                    label: string;
                    /** @enum {string} */
                    kind: "pass_fail" | "measurement";
                    unit?: string;
                    min?: number;
                    max?: number;
                }[];
                requiresSignature: boolean;
            };
            calendar: {
                every: number;
                /** @enum {string} */
                unit: "days" | "weeks" | "months";
            } | null;
            meter: {
                sensorId: string;
                every: number;
            } | null;
            leadTimeDays: number;
            enabled: boolean;
            state: {
                /**
                 * Format: date-time
                 * @example 2026-11-21T09:30:00Z
                 */
                anchorAt: string;
                step: number;
                meterBaseline: number | null;
                /** @description Epoch ms of the baseline reading */
                meterBaselineAt: number | null;
                /** @description Work orders opened so far */
                cycle: number;
                lastWorkOrderId: string | null;
                lastDueAt: string | null;
            };
            /** @description Calendar due date or meter projection, whichever first */
            nextDueAt: string | null;
        };
        Me: {
            /**
             * Format: uuid
             * @example 7d3f2a10-5b1c-4e8a-9f0d-2c4b6e8a1f3d
             */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            email: string;
            givenName: string;
            familyName: string;
            /** @enum {string} */
            role: "admin" | "manager" | "technician" | "client";
            clientId: string | null;
            active: boolean;
            technicianId: string | null;
            consent: components["schemas"]["Consent"] | null;
            /** @description true when the user has not consented to the current privacy policy version: ask, then POST /v1/me/consent */
            consentRequired: boolean;
            currentPolicyVersion: string;
        };
        MfaSetup: {
            /** @description Base32 shared secret; shown once, type it or scan the URI */
            secret: string;
            /** @description otpauth://totp/Hydrant:<email>?secret=...&issuer=Hydrant, for a QR code */
            otpauthUri: string;
        };
        MfaStatus: {
            enabled: boolean;
            /** @constant */
            type?: "TOTP";
        };
        MqttCredentials: {
            /** @description Broker URL, e.g. mqtts://<endpoint>:8883 */
            url: string;
            /** @description The MQTT client id the device must use (its sensor id) */
            clientId: string;
            /** @description The only topic the device may publish to */
            topic: string;
            certificatePem: string;
            /** @description Shown only in this answer: Hydrant does not keep it */
            privateKey: string;
            caCertificatePem: string;
        };
        NightFlow: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            zoneId: string;
            timezone: string;
            nightWindow: {
                start: string;
                end: string;
            };
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            from: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            to: string;
            nights: {
                /** @description Local date (YYYY-MM-DD, in the zone's time zone) on which the night window starts */
                night: string;
                /**
                 * Format: date-time
                 * @example 2026-11-21T09:30:00Z
                 */
                windowStart: string;
                /**
                 * Format: date-time
                 * @example 2026-11-21T09:30:00Z
                 */
                windowEnd: string;
                /** @description Lowest hourly mean of net inflow (in meters minus out meters) in the window; null without enough data */
                minimumNightFlowM3h: number | null;
                /** @description Start of the hour of the minimum */
                minimumAt: string | null;
                /** @description serviceConnections x legitimateNightUseLPerConnectionPerHour / 1000 */
                legitimateNightUseM3h: number;
                /** @description max(0, minimum night flow - legitimate night use) */
                estimatedLeakageM3h: number | null;
                /** @description estimatedLeakageM3h x the night-day factor */
                estimatedLeakageM3PerDay: number | null;
                nightDayFactorHours: number;
                /**
                 * @description pressure: 24 x (average / night pressure) (FAVAD, N1 = 1); assumed_24h without both pressures
                 * @enum {string}
                 */
                nightDayFactorBasis: "pressure" | "assumed_24h";
                nightPressureM: number | null;
                meters: {
                    /** @example PH_001 */
                    sensorId: string;
                    /** @description Share of the window the meter covered */
                    completeness: number;
                }[];
                /**
                 * @description leak_suspected: the night lies in a leak event of the CUSUM detector run over the zone's night line
                 * @enum {string}
                 */
                status: "ok" | "insufficient_data" | "leak_suspected";
            }[];
        };
        Notification: {
            /**
             * @description The notification group: the same for every recipient of the same event
             * @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B
             */
            id: string;
            /** @description The domain event type, e.g. work_order.assigned */
            type: string;
            /** @description Repeats of the same event share it and are one notification */
            groupKey: string;
            title: string;
            body: string;
            /** @description What the notification is about */
            resource: {
                type: string;
                id: string;
            };
            /** @description Events grouped into it since it was last read */
            count: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            firstAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            lastAt: string;
            readAt: string | null;
        };
        NotificationPreferences: {
            /** @enum {string} */
            locale: "en" | "fr";
            /** @enum {string} */
            email: "off" | "immediate" | "digest";
            eventTypes: ("work_order.assigned" | "work_order.status_changed" | "work_order.escalated" | "alert.raised" | "request.created" | "webhook.delivery_failed" | "api_key.rotation_due" | "api_key.rotated" | "api.anomaly_detected")[];
            /** @description Null: never set (the defaults) */
            updatedAt: string | null;
        };
        NotificationPreferencesBody: {
            /**
             * @description The language of the e-mails
             * @enum {string}
             */
            locale: "en" | "fr";
            /**
             * @description `immediate`: one e-mail per notification event; `digest`: one e-mail a day (07:00 UTC) listing them; `off`: none
             * @enum {string}
             */
            email: "off" | "immediate" | "digest";
            /** @description The notification types e-mailed (others stay in-app only) */
            eventTypes: ("work_order.assigned" | "work_order.status_changed" | "work_order.escalated" | "alert.raised" | "request.created" | "webhook.delivery_failed" | "api_key.rotation_due" | "api_key.rotated" | "api.anomaly_detected")[];
        };
        NotificationsReadAll: {
            updated: number;
        };
        OpenApiDocument: {
            openapi: string;
            info: {
                title: string;
                version: string;
            } & {
                [key: string]: unknown;
            };
            paths: {
                [key: string]: {
                    [key: string]: unknown;
                };
            };
            components: {
                [key: string]: unknown;
            };
        } & {
            [key: string]: unknown;
        };
        PartnerApp: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            name: string;
            /** @description The OAuth client_id of this public client (no secret: use PKCE) */
            clientId: string;
            /** @description Granted Hydrant scopes; the app client also has openid */
            scopes: ("telemetry.write" | "telemetry.read" | "work-orders.read" | "work-orders.write" | "forecasts.write" | "webhooks.manage")[];
            callbackUrls: string[];
            logoutUrls: string[];
        };
        /** @description GeoJSON Polygon (RFC 7946): rings of [longitude, latitude] */
        Polygon: {
            /** @constant */
            type: "Polygon";
            coordinates: number[][][];
        };
        Prediction: {
            /**
             * @description The model: `water_quality_predictor`
             * @enum {string}
             */
            modelName: "water_quality_predictor";
            modelVersion: string;
            /**
             * @description `default`: the tenant has no trained model yet; the default one was trained on simulated data (see `note`)
             * @enum {string}
             */
            modelKind: "trained" | "default";
            note: string | null;
            prediction: {
                probabilityBelowLimit: number;
                limitMgL: number;
                horizonHours: number;
                /** @description The lowest free chlorine the model expects over the horizon */
                expectedMinimumChlorineMgL: number;
            };
            /** @description max(p, 1 - p): the probability, under the model, that its verdict (falls below or not) is right */
            confidence: number;
            /** @description Confidence below confidenceThreshold: recorded in the audit trail */
            lowConfidence: boolean;
            /** @description Split-conformal interval of the lowest free chlorine over the horizon, mg/L */
            uncertainty: {
                /** @constant */
                quantity: "minimumChlorineMgL";
                lower: number;
                upper: number;
                level: number;
                /** @description Coverage of this interval on the held-out window */
                measuredCoverage: number;
            };
            explanation: {
                /** @description The probability at the reference point: every input at its training mean, at a typical hour */
                baseline: number;
                /** @description Ordered by size */
                contributions: {
                    feature: string;
                    value: number;
                    unit: string;
                    /** @description Probability points (0-1 scale); they sum to prediction.probability - baseline */
                    contribution: number;
                    /** @description The exact Shapley value in log-odds */
                    logOdds: number;
                }[];
                sentence: string;
                method: string;
            } | null;
            /** @description The values the model read */
            inputs: {
                [key: string]: number;
            };
            recommendation: {
                /** @enum {string} */
                action: "flush_main" | "take_lab_sample" | "raise_chlorine_dose" | "monitor" | "none";
                rule: string;
                text: string;
            };
            processingTimeMs: number;
        };
        /** @description RFC 9457 problem details with a stable code */
        Problem: {
            type: string;
            title: string;
            status: number;
            detail?: string;
            code: string;
            instance?: string;
            requestId?: string;
            errors?: {
                path: string;
                message: string;
            }[];
            allowed?: string[];
            /** @description UNSUPPORTED_MEDIA_TYPE: the media types the route accepts */
            accepted?: string[];
            /** @description NOT_ASSIGNABLE: the statuses a work order can be assigned from */
            allowedStatuses?: string[];
            /**
             * @description DOCUMENT_NOT_AVAILABLE: the status of the document named
             * @enum {string}
             */
            documentStatus?: "pending" | "available" | "rejected";
            /** @description SCHEDULE_CONFLICT: every overlap, day off and working-hours conflict of the visit */
            conflicts?: ({
                /** @enum {string} */
                kind: "overlap" | "day-off" | "outside-working-hours";
            } & {
                [key: string]: unknown;
            })[];
            /** @description INVALID_SAMPLES, CONFLICTING_SAMPLE: every mistake in the lab results, by row (1 = the first sample; 0 = the CSV header) */
            rows?: {
                row: number;
                field: string;
                message: string;
            }[];
        };
        QualityParameter: {
            code: string;
            name: string;
            /** @enum {string} */
            category: "microbiological" | "chemical" | "indicator" | "operational";
            /** @description Canonical unit: limits and stored values are in it */
            unit: string;
            alternativeUnits: {
                unit: string;
                /** @description canonical = value × factor */
                factor: number;
                aliases?: string[];
                note?: string;
            }[];
            /** @description Sensor kinds that measure it continuously */
            sensorKinds: ("ph" | "turbidity" | "chlorine" | "temperature" | "pressure" | "flow" | "level" | "conductivity" | "acoustic")[];
            /** @description Its limits in the built-in sets (EU DWD, WHO) */
            limits: {
                parameter: string;
                min: number | null;
                max: number | null;
                unit: string;
                /** @description The value in words when the text gives no number */
                text?: string;
                /** @description Only at these kinds of point; absent: at every point */
                appliesAt?: ("plant_outlet" | "reservoir" | "network" | "customer_tap")[];
                validFrom?: string;
                /** @description Exclusive */
                validUntil?: string;
                note?: string | null;
                /** @description Document, annex, part or table the value comes from */
                source: string;
                setId: string;
            }[];
        };
        QualityReport: {
            pdf: components["schemas"]["Document"];
            csv: components["schemas"]["Document"];
        };
        ReadingsPage: {
            /** @example PH_001 */
            sensorId: string;
            unit: string;
            /** @enum {string} */
            interval: "raw" | "1m" | "5m" | "15m" | "1h" | "1d" | "1w" | "1mo";
            /** @enum {string} */
            agg: "avg" | "min" | "max" | "sum" | "count" | "first" | "last" | "stddev";
            tz: string;
            points: {
                /** @description Start of the bucket (or time of the reading), ISO 8601 in `tz` */
                ts: string;
                value: number | null;
                count: number;
                /**
                 * @description Raw readings only
                 * @enum {string}
                 */
                quality?: "GOOD" | "UNCERTAIN" | "BAD";
            }[];
            nextCursor: string | null;
        };
        RefreshedTokens: {
            access_token: string;
            id_token: string;
            /** @description The refresh token to use next time: the one sent stops working 10 seconds after this answer */
            refresh_token: string;
            expires_in: number;
            /** @constant */
            token_type: "Bearer";
        };
        SamplingPoint: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            name: string;
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            siteId: string;
            clientId: string | null;
            /**
             * @description plant_outlet, reservoir, network or customer_tap: which limits apply depends on it
             * @enum {string}
             */
            kind: "plant_outlet" | "reservoir" | "network" | "customer_tap";
            sensorIds: string[];
        };
        SecuritySettings: {
            /** @description Users of these roles must enrol an authenticator app: until they do, every route but /v1/me/mfa/* answers 403 MFA_REQUIRED */
            mfaRequiredRoles: ("admin" | "manager" | "technician" | "client")[];
            updatedAt?: string;
        };
        Sensor: {
            /** @example PH_001 */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            /** @enum {string} */
            kind: "ph" | "turbidity" | "chlorine" | "temperature" | "pressure" | "flow" | "level" | "conductivity" | "acoustic";
            unit: string;
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            siteId: string;
            assetId: string | null;
            /** @description The site's client; client users see only their own */
            clientId: string | null;
            sampleIntervalSeconds: number;
            /** @enum {string} */
            status: "active" | "inactive" | "maintenance";
            /** @description Time of the newest reading received (not versioned: it does not change the ETag) */
            lastReadingAt: string | null;
        };
        SensorLatest: {
            /** @example PH_001 */
            sensorId: string;
            /** @enum {string} */
            kind: "ph" | "turbidity" | "chlorine" | "temperature" | "pressure" | "flow" | "level" | "conductivity" | "acoustic";
            unit: string;
            /** @description null: no reading yet */
            latest: {
                /** @description ISO 8601, UTC */
                ts: string;
                value: number;
                /** @enum {string} */
                quality: "GOOD" | "UNCERTAIN" | "BAD";
            } | null;
        };
        SensorWithCredentials: {
            /** @example PH_001 */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            /** @enum {string} */
            kind: "ph" | "turbidity" | "chlorine" | "temperature" | "pressure" | "flow" | "level" | "conductivity" | "acoustic";
            unit: string;
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            siteId: string;
            assetId: string | null;
            /** @description The site's client; client users see only their own */
            clientId: string | null;
            sampleIntervalSeconds: number;
            /** @enum {string} */
            status: "active" | "inactive" | "maintenance";
            /** @description Time of the newest reading received (not versioned: it does not change the ETag) */
            lastReadingAt: string | null;
            mqtt: components["schemas"]["MqttCredentials"];
        };
        ServiceRequest: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            clientId: string | null;
            /** @enum {string} */
            kind: "leak" | "low-pressure" | "no-water" | "water-quality" | "damaged-hydrant" | "meter-issue" | "other";
            title: string;
            description: string;
            location: {
                lat: number;
                lon: number;
            } | null;
            address: string | null;
            siteId: string | null;
            assetId: string | null;
            /** @enum {string} */
            priority: "low" | "normal" | "high" | "critical";
            /** @enum {string} */
            status: "open" | "converted";
            workOrderId: string | null;
            convertedAt: string | null;
            /** @description The staff member who converted the request. Not shown to client users. */
            convertedBy?: {
                subject: string;
                username: string | null;
            } | null;
            requestedBy: {
                subject: string;
                username: string | null;
            };
        };
        Site: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            name: string;
            address: string;
            location: {
                lat: number;
                lon: number;
            };
            clientId: string | null;
            assetCount: number;
        };
        SiteLatest: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            siteId: string;
            sensors: components["schemas"]["SensorLatest"][];
        };
        Technician: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            name: string;
            userId: string | null;
            email: string | null;
            phone: string | null;
            skills: ("hydraulics" | "electrical" | "instrumentation" | "leak-detection")[];
            /** @enum {string} */
            level: "junior" | "confirmed" | "senior" | "expert";
            active: boolean;
            homeBase: {
                address: string;
                location?: {
                    lat: number;
                    lon: number;
                };
            } | null;
            workingHours: {
                timeZone: string;
                periods: {
                    /** @enum {string} */
                    day: "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";
                    start: string;
                    end: string;
                }[];
            };
            daysOff: {
                from: string;
                to: string;
                reason?: string;
            }[];
        };
        TimeEntry: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            workOrderId: string;
            workOrderTitle: string;
            clientId: string | null;
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            technicianId: string;
            technicianName: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            start: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            end: string;
            minutes: number;
            note: string | null;
            createdBy: string;
        };
        TokenResponse: {
            access_token: string;
            id_token: string;
            refresh_token?: string;
            expires_in: number;
            /** @constant */
            token_type: "Bearer";
        };
        TransientScan: {
            /** @example PH_001 */
            sensorId: string;
            /** @description The zone of the sensor's asset, whose transientLimitM applies when set */
            zoneId: string | null;
            /** @description Amplitude over which an event raises the alert; null when the tenant has no enabled transient rule */
            limitM: number | null;
            limitSource: ("zone" | "rule") | null;
            /** @description The burst's own noise, m (robust standard deviation of successive differences) */
            noiseSigmaM: number;
            /** @description Excursion from the baseline that starts an event, m: max(2 m, 6 noise sigma) */
            thresholdM: number;
            events: {
                /**
                 * Format: date-time
                 * @description When the excursion started
                 * @example 2026-11-21T09:30:00Z
                 */
                at: string;
                /**
                 * @description Whether it first went below (drop) or above (surge) the baseline
                 * @enum {string}
                 */
                kind: "drop" | "surge";
                durationS: number;
                /** @description Pressure before the event, metres of head */
                baselineM: number;
                minM: number;
                maxM: number;
                /** @description Baseline minus the minimum, m */
                dropM: number;
                /** @description Maximum minus the baseline, m */
                riseM: number;
                /** @description Maximum minus minimum, m */
                amplitudeM: number;
                /** @description How far it swung past the baseline on the other side, m */
                reboundM: number;
                /** @description The burst ended before the event did */
                open: boolean;
                /** @description amplitudeM exceeds limitM */
                overLimit: boolean;
            }[];
            /** @description The pressure.transient alert this burst raised, found open (a repeat, grouped under it) or cleared; null when nothing changed */
            alert: {
                /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
                id: string;
                /** @enum {string} */
                status: "raised" | "already_open" | "cleared";
            } | null;
        };
        UnsubscribeResult: {
            /** @constant */
            unsubscribed: true;
            /**
             * @description E-mails are off; in-app notifications go on
             * @constant
             */
            email: "off";
        };
        Usage: {
            apiKeyId: string;
            plan: {
                id: string;
                name: string;
                rateLimit: number;
                burstLimit: number;
                quota: {
                    limit: number;
                    /** @enum {string} */
                    period: "DAY" | "MONTH";
                };
            };
            period: {
                /**
                 * Format: date-time
                 * @example 2026-11-21T09:30:00Z
                 */
                start: string;
                /**
                 * Format: date-time
                 * @example 2026-11-21T09:30:00Z
                 */
                end: string;
            };
            used: number;
            remaining: number;
        };
        User: {
            /**
             * Format: uuid
             * @example 7d3f2a10-5b1c-4e8a-9f0d-2c4b6e8a1f3d
             */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            email: string;
            givenName: string;
            familyName: string;
            /** @enum {string} */
            role: "admin" | "manager" | "technician" | "client";
            clientId: string | null;
            active: boolean;
            technicianId: string | null;
            consent: components["schemas"]["Consent"] | null;
        };
        UserExport: {
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            exportedAt: string;
            /**
             * Format: uuid
             * @example 7d3f2a10-5b1c-4e8a-9f0d-2c4b6e8a1f3d
             */
            userId: string;
            /** @description The Cognito profile: attributes, status, groups, dates */
            account: {
                [key: string]: unknown;
            } | null;
            /** @description The Hydrant user record, consent included */
            user: components["schemas"]["User"] | null;
            technician: {
                [key: string]: unknown;
            } | null;
            /** @description Work orders they created or are assigned to (as technician) */
            workOrders: {
                [key: string]: unknown;
            }[];
            /** @description History entries they authored */
            workOrderHistory: {
                [key: string]: unknown;
            }[];
            timeEntries: {
                [key: string]: unknown;
            }[];
            scheduleEntries: {
                [key: string]: unknown;
            }[];
            notifications: {
                [key: string]: unknown;
            }[];
            /** @description Service requests they made or converted */
            serviceRequests: {
                [key: string]: unknown;
            }[];
            /** @description Documents they uploaded (metadata) */
            documents: {
                [key: string]: unknown;
            }[];
        };
        WaterBalance: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            zoneId: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            from: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            to: string;
            periodDays: number;
            systemInputVolume: {
                m3: number;
                /**
                 * @description estimated: rests on a default, an extrapolation or a modelled quantity
                 * @enum {string}
                 */
                basis: "measured" | "estimated";
                /** @description The data or the rule the figure comes from */
                from: string;
            };
            billedAuthorised: {
                m3: number;
                /**
                 * @description estimated: rests on a default, an extrapolation or a modelled quantity
                 * @enum {string}
                 */
                basis: "measured" | "estimated";
                /** @description The data or the rule the figure comes from */
                from: string;
            };
            unbilledAuthorised: {
                m3: number;
                /**
                 * @description estimated: rests on a default, an extrapolation or a modelled quantity
                 * @enum {string}
                 */
                basis: "measured" | "estimated";
                /** @description The data or the rule the figure comes from */
                from: string;
            };
            authorisedConsumption: {
                m3: number;
                /**
                 * @description estimated: rests on a default, an extrapolation or a modelled quantity
                 * @enum {string}
                 */
                basis: "measured" | "estimated";
                /** @description The data or the rule the figure comes from */
                from: string;
            };
            nonRevenueWater: {
                m3: number;
                /**
                 * @description estimated: rests on a default, an extrapolation or a modelled quantity
                 * @enum {string}
                 */
                basis: "measured" | "estimated";
                /** @description The data or the rule the figure comes from */
                from: string;
            };
            waterLosses: {
                m3: number;
                /**
                 * @description estimated: rests on a default, an extrapolation or a modelled quantity
                 * @enum {string}
                 */
                basis: "measured" | "estimated";
                /** @description The data or the rule the figure comes from */
                from: string;
            };
            apparentLosses: {
                m3: number;
                /**
                 * @description estimated: rests on a default, an extrapolation or a modelled quantity
                 * @enum {string}
                 */
                basis: "measured" | "estimated";
                /** @description The data or the rule the figure comes from */
                from: string;
                unauthorisedConsumption: {
                    m3: number;
                    /**
                     * @description estimated: rests on a default, an extrapolation or a modelled quantity
                     * @enum {string}
                     */
                    basis: "measured" | "estimated";
                    /** @description The data or the rule the figure comes from */
                    from: string;
                };
                meterUnderRegistration: {
                    m3: number;
                    /**
                     * @description estimated: rests on a default, an extrapolation or a modelled quantity
                     * @enum {string}
                     */
                    basis: "measured" | "estimated";
                    /** @description The data or the rule the figure comes from */
                    from: string;
                };
                dataHandlingErrors: {
                    m3: number;
                    /**
                     * @description estimated: rests on a default, an extrapolation or a modelled quantity
                     * @enum {string}
                     */
                    basis: "measured" | "estimated";
                    /** @description The data or the rule the figure comes from */
                    from: string;
                };
            };
            realLosses: {
                m3: number;
                /**
                 * @description estimated: rests on a default, an extrapolation or a modelled quantity
                 * @enum {string}
                 */
                basis: "measured" | "estimated";
                /** @description The data or the rule the figure comes from */
                from: string;
            };
            /** @description Lambert's UARL over the period; null without the zone's average pressure */
            unavoidableRealLosses: {
                m3: number;
                /**
                 * @description estimated: rests on a default, an extrapolation or a modelled quantity
                 * @enum {string}
                 */
                basis: "measured" | "estimated";
                /** @description The data or the rule the figure comes from */
                from: string;
            } | null;
            /** @description real losses / UARL */
            infrastructureLeakageIndex: {
                value: number;
                /**
                 * @description estimated: rests on a default, an extrapolation or a modelled quantity
                 * @enum {string}
                 */
                basis: "measured" | "estimated";
            } | null;
            realLossesLPerConnectionPerDay: number | null;
            warnings: string[];
            sources: {
                meters: {
                    /** @example PH_001 */
                    sensorId: string;
                    /** @enum {string} */
                    direction: "in" | "out";
                    /** @description The meter's volume over the hours it covered */
                    m3: number;
                    hoursCovered: number;
                }[];
                /** @description Hours of the range */
                systemInputHours: number;
                /** @description Share of the hours every meter covered; below 1 the system input is extrapolated (estimated) */
                systemInputCompleteness: number;
                consumption: {
                    /** @description Imported rows whose period overlaps the range */
                    rows: number;
                    connections: number;
                    /** @description Some period reaches beyond the range: its volume is counted by the share of its days in the range */
                    prorated: boolean;
                    billedMeteredM3: number;
                    billedUnmeteredM3: number;
                    unbilledMeteredM3: number;
                    unbilledUnmeteredM3: number;
                };
            };
        };
        Webhook: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            url: string;
            eventTypes: string[];
            description: string | null;
            filter: {
                path: string;
                op: string;
                value?: unknown;
            }[];
            /**
             * @description `standard`: Standard Webhooks body; `slack`: a Slack incoming-webhook message
             * @enum {string}
             */
            format: "standard" | "slack";
            enabled: boolean;
            /** @description Why Hydrant disabled the endpoint (410 Gone, failing for 5 days); null when enabled or disabled by a user */
            disabledReason: string | null;
            /** @description First failed attempt since the last success */
            failingSince: string | null;
            secretRotatedAt: string | null;
        };
        WebhookDelivery: {
            /** @description The event's id: also the `webhook-id` header of every attempt */
            id: string;
            webhookId: string;
            eventType: string;
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed";
            attempts: {
                attempt: number;
                /** @enum {string} */
                trigger: "scheduled" | "manual";
                /**
                 * Format: date-time
                 * @example 2026-11-21T09:30:00Z
                 */
                at: string;
                statusCode: number | null;
                latencyMs: number;
                error: string | null;
                /** @description The first 1024 bytes of the answer */
                responseStart: string | null;
            }[];
            nextAttemptAt: string | null;
            lastError: string | null;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
        };
        WorkOrder: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            title: string;
            description: string;
            /** @enum {string} */
            type: "corrective" | "preventive" | "predictive" | "inspection";
            /** @enum {string} */
            priority: "low" | "normal" | "high" | "critical";
            /** @enum {string} */
            status: "open" | "scheduled" | "in_progress" | "on_hold" | "completed" | "closed" | "cancelled";
            /** @enum {string} */
            source: "manual" | "alert" | "request" | "preventive";
            sourceRef: string | null;
            assetId: string | null;
            siteId: string | null;
            clientId: string | null;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            dueAt: string;
            requiredSkills: string[];
            estimatedMinutes: number | null;
            checklist: {
                id: string;
                label: string;
                /** @enum {string} */
                kind: "pass_fail" | "measurement";
                unit?: string;
                min?: number;
                max?: number;
                result: {
                    passed?: boolean;
                    value?: number;
                    note?: string;
                    ok: boolean;
                    /**
                     * Format: date-time
                     * @example 2026-11-21T09:30:00Z
                     */
                    answeredAt: string;
                    answeredBy: string;
                } | null;
            }[];
            requiresSignature: boolean;
            signature: {
                signedBy: string;
                /**
                 * Format: date-time
                 * @example 2026-11-21T09:30:00Z
                 */
                signedAt: string;
                image?: string;
            } | null;
            assignedTechnicianId: string | null;
            scheduledStart: string | null;
            parentWorkOrderId: string | null;
            startedAt: string | null;
            completedAt: string | null;
            closedAt: string | null;
            createdBy: string;
        };
        WorkOrderHistoryEntry: {
            id: string;
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            workOrderId: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            at: string;
            by: string;
            from: ("open" | "scheduled" | "in_progress" | "on_hold" | "completed" | "closed" | "cancelled") | null;
            /** @enum {string} */
            to: "open" | "scheduled" | "in_progress" | "on_hold" | "completed" | "closed" | "cancelled";
            comment: string | null;
        };
        Zone: {
            /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
            id: string;
            version: number;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2026-11-21T09:30:00Z
             */
            updatedAt: string;
            name: string;
            siteId: string | null;
            clientId: string | null;
            boundary: components["schemas"]["Polygon"];
            meters: {
                /** @example PH_001 */
                sensorId: string;
                /**
                 * @description in: the flow enters the zone; out: it leaves to a neighbour
                 * @enum {string}
                 */
                direction: "in" | "out";
            }[];
            pressureSensorIds: string[];
            serviceConnections: number;
            mainsLengthKm: number;
            connectionsLengthKm: number | null;
            averagePressureM: number | null;
            /** @description Null: the transient alert rule's limit */
            transientLimitM: number | null;
            timezone: string;
            nightWindow: {
                start: string;
                end: string;
            };
            legitimateNightUseLPerConnectionPerHour: number;
        };
    };
    responses: {
        /** @description An error, as RFC 9457 problem details with a stable code */
        Problem: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "https://docs.hydrant.dev/problems/validation-failed",
                 *       "title": "The request is not valid",
                 *       "status": 400,
                 *       "detail": "Invalid body",
                 *       "code": "VALIDATION_FAILED",
                 *       "errors": [
                 *         {
                 *           "path": "body.name",
                 *           "message": "Too small: expected string to have >=1 characters"
                 *         }
                 *       ]
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of status, version, time (id is always included)
                 * @example status,version,time
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The API answers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok",
                     *       "version": "0.1.0",
                     *       "time": "2026-11-21T09:30:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "username": "manager@hydrant.local",
                 *       "password": "Hydrant-Demo-2026"
                 *     }
                 */
                "application/json": components["schemas"]["LoginBody"];
                /**
                 * @example {
                 *       "username": "manager@hydrant.local",
                 *       "password": "Hydrant-Demo-2026"
                 *     }
                 */
                "application/x-www-form-urlencoded": components["schemas"]["LoginBody"];
            };
        };
        responses: {
            /** @description Tokens, or a challenge to complete first (`{challenge, session}`: NEW_PASSWORD_REQUIRED with POST /v1/auth/new-password, SOFTWARE_TOKEN_MFA with POST /v1/auth/mfa) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "access_token": "eyJraWQiOi...",
                     *       "id_token": "eyJraWQiOi...",
                     *       "refresh_token": "eyJjdHkiOi...",
                     *       "expires_in": 3600,
                     *       "token_type": "Bearer"
                     *     }
                     */
                    "application/json": components["schemas"]["TokenResponse"] | components["schemas"]["ChallengeResponse"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    refreshTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "refresh_token": "eyJjdHkiOi..."
                 *     }
                 */
                "application/json": {
                    refresh_token: string;
                };
            };
        };
        responses: {
            /** @description Tokens, with the next refresh token (the one sent works 10 seconds more, for a retry) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "access_token": "eyJraWQiOi...",
                     *       "id_token": "eyJraWQiOi...",
                     *       "refresh_token": "eyJjdHkiOi...",
                     *       "expires_in": 3600,
                     *       "token_type": "Bearer"
                     *     }
                     */
                    "application/json": components["schemas"]["RefreshedTokens"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "refresh_token": "eyJjdHkiOi..."
                 *     }
                 */
                "application/json": {
                    refresh_token: string;
                };
            };
        };
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    completeNewPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "username": "new.tech@hydrant.local",
                 *       "session": "AYABeC...",
                 *       "newPassword": "Vanne-Rouge-Quai-42"
                 *     }
                 */
                "application/json": {
                    username: string;
                    session: string;
                    newPassword: string;
                };
            };
        };
        responses: {
            /** @description Tokens, or the next challenge */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "access_token": "eyJraWQiOi...",
                     *       "id_token": "eyJraWQiOi...",
                     *       "refresh_token": "eyJjdHkiOi...",
                     *       "expires_in": 3600,
                     *       "token_type": "Bearer"
                     *     }
                     */
                    "application/json": components["schemas"]["TokenResponse"] | components["schemas"]["ChallengeResponse"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    forgotPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "username": "tech@hydrant.local"
                 *     }
                 */
                "application/json": {
                    username: string;
                };
            };
        };
        responses: {
            /** @description If the account exists and has a verified e-mail, a code was sent */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    resetPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "username": "tech@hydrant.local",
                 *       "code": "123456",
                 *       "newPassword": "Vanne-Rouge-Quai-42"
                 *     }
                 */
                "application/json": {
                    username: string;
                    code: string;
                    newPassword: string;
                };
            };
        };
        responses: {
            /** @description The password is changed; log in with it */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    respondToMfaChallenge: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "username": "manager@hydrant.local",
                 *       "session": "AYABeB2D3Z8hQkV1rW0xYp4...",
                 *       "code": "123456"
                 *     }
                 */
                "application/json": {
                    username: string;
                    session: string;
                    code: string;
                };
            };
        };
        responses: {
            /** @description Tokens */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "access_token": "eyJraWQiOi...",
                     *       "id_token": "eyJraWQiOi...",
                     *       "refresh_token": "eyJjdHkiOi...",
                     *       "expires_in": 3600,
                     *       "token_type": "Bearer"
                     *     }
                     */
                    "application/json": components["schemas"]["TokenResponse"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getUsage: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of apiKeyId, plan, plan.id, plan.name, plan.rateLimit, plan.burstLimit, plan.quota, plan.quota.limit, plan.quota.period, period, period.start, period.end, used, remaining (id is always included)
                 * @example apiKeyId,plan,plan.id
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Usage of the key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "apiKeyId": "k4x9q2",
                     *       "plan": {
                     *         "id": "standard",
                     *         "name": "Standard",
                     *         "rateLimit": 50,
                     *         "burstLimit": 100,
                     *         "quota": {
                     *           "limit": 100000,
                     *           "period": "DAY"
                     *         }
                     *       },
                     *       "period": {
                     *         "start": "2026-11-21T00:00:00.000Z",
                     *         "end": "2026-11-22T00:00:00.000Z"
                     *       },
                     *       "used": 1234,
                     *       "remaining": 98766
                     *     }
                     */
                    "application/json": components["schemas"]["Usage"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listAuditLogs: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                principal?: string;
                resourceType?: string;
                resourceId?: string;
                action?: string;
                from?: string;
                to?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of id, tenantId, at, principal, principal.kind, principal.id, principal.username, principal.role, apiKeyId, action, resourceType, resourceId, method, route, status, clientAddress, userAgent, bodySha256, changes (id is always included)
                 * @example id,tenantId,at
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of audit records */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A9D",
                     *           "tenantId": "hydrant-demo",
                     *           "at": "2026-11-21T10:00:00.000Z",
                     *           "principal": {
                     *             "kind": "user",
                     *             "id": "5f1c2d3e-aaaa-bbbb-cccc-0123456789ab",
                     *             "role": "manager"
                     *           },
                     *           "apiKeyId": "k4x9q2",
                     *           "action": "updateAsset",
                     *           "resourceType": "asset",
                     *           "resourceId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C",
                     *           "method": "PATCH",
                     *           "route": "/v1/assets/{id}",
                     *           "status": 200,
                     *           "clientAddress": "203.0.113.7",
                     *           "userAgent": "curl/8.5.0",
                     *           "bodySha256": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
                     *           "changes": {
                     *             "status": {
                     *               "before": "operational",
                     *               "after": "degraded"
                     *             }
                     *           }
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["AuditRecord"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listApiAnomalies: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of id, apiKeyId, apiKeyName, hour, anomalies, detectedAt (id is always included)
                 * @example id,apiKeyId,apiKeyName
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of flagged key-hours */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "2026-11-21T09#k4x9q2",
                     *           "apiKeyId": "k4x9q2",
                     *           "apiKeyName": "Partner SCADA gateway",
                     *           "hour": "2026-11-21T09",
                     *           "anomalies": [
                     *             {
                     *               "kind": "scanning",
                     *               "detail": "404 on 57 different ids"
                     *             }
                     *           ],
                     *           "detectedAt": "2026-11-21T10:05:00.000Z"
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["ApiAnomaly"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listSites: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                clientId?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, name, address, location, location.lat, location.lon, clientId, assetCount (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *           "version": 1,
                     *           "createdAt": "2026-11-21T09:30:00.000Z",
                     *           "updatedAt": "2026-11-21T09:30:00.000Z",
                     *           "name": "Usine de traitement Nord",
                     *           "address": "12 rue des Sources, 69000 Lyon",
                     *           "location": {
                     *             "lat": 45.7772,
                     *             "lon": 4.8559
                     *           },
                     *           "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *           "assetCount": 3
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["Site"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    createSite: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry safe: the first answer (5xx included) is kept 24 hours and replayed for the same key and payload; another payload is 422, a request still running 409.
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Usine de traitement Nord",
                 *       "address": "12 rue des Sources, 69000 Lyon",
                 *       "location": {
                 *         "lat": 45.7772,
                 *         "lon": 4.8559
                 *       },
                 *       "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D"
                 *     }
                 */
                "application/json": {
                    name: string;
                    address: string;
                    location: {
                        lat: number;
                        lon: number;
                    };
                    /**
                     * @description The client company the site belongs to; client users see only their own
                     * @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B
                     */
                    clientId?: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    ETag?: string;
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "Usine de traitement Nord",
                     *       "address": "12 rue des Sources, 69000 Lyon",
                     *       "location": {
                     *         "lat": 45.7772,
                     *         "lon": 4.8559
                     *       },
                     *       "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *       "assetCount": 3
                     *     }
                     */
                    "application/json": components["schemas"]["Site"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getSite: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, name, address, location, location.lat, location.lon, clientId, assetCount (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: {
                "If-None-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Found */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "Usine de traitement Nord",
                     *       "address": "12 rue des Sources, 69000 Lyon",
                     *       "location": {
                     *         "lat": 45.7772,
                     *         "lon": 4.8559
                     *       },
                     *       "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *       "assetCount": 3
                     *     }
                     */
                    "application/json": components["schemas"]["Site"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    deleteSite: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    updateSite: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Usine de traitement Nord (extension)"
                 *     }
                 */
                "application/json": {
                    name?: string;
                    address?: string;
                    location?: {
                        lat: number;
                        lon: number;
                    };
                    clientId?: string | null;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "Usine de traitement Nord",
                     *       "address": "12 rue des Sources, 69000 Lyon",
                     *       "location": {
                     *         "lat": 45.7772,
                     *         "lon": 4.8559
                     *       },
                     *       "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *       "assetCount": 3
                     *     }
                     */
                    "application/json": components["schemas"]["Site"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listAssets: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                siteId?: string;
                status?: "operational" | "degraded" | "down" | "retired";
                type?: "pump" | "valve" | "hydrant" | "pipe" | "meter" | "reservoir" | "treatment-unit" | "sensor-station" | "other";
                zoneId?: string;
                parentAssetId?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, name, type, siteId, clientId, serialNumber, model, installedAt, maintenanceIntervalDays, status, lastMaintenanceAt, nextMaintenanceAt, zoneId, parentAssetId, pipe, pipe.lengthM, pipe.diameterMm, pipe.material (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    Deprecation?: string;
                    Sunset?: string;
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C",
                     *           "version": 2,
                     *           "createdAt": "2026-11-21T09:30:00.000Z",
                     *           "updatedAt": "2026-11-21T10:00:00.000Z",
                     *           "name": "Pompe de relevage P2",
                     *           "type": "pump",
                     *           "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *           "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *           "serialNumber": "GRU-CR45-2291",
                     *           "model": "Grundfos CR 45",
                     *           "installedAt": "2024-03-01T00:00:00.000Z",
                     *           "maintenanceIntervalDays": 180,
                     *           "status": "operational",
                     *           "lastMaintenanceAt": null,
                     *           "nextMaintenanceAt": "2024-08-28T00:00:00.000Z",
                     *           "zoneId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7Z01",
                     *           "parentAssetId": null,
                     *           "pipe": null
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["Asset"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    createAsset: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry safe: the first answer (5xx included) is kept 24 hours and replayed for the same key and payload; another payload is 422, a request still running 409.
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Pompe de relevage P2",
                 *       "type": "pump",
                 *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                 *       "serialNumber": "GRU-CR45-2291",
                 *       "model": "Grundfos CR 45",
                 *       "installedAt": "2024-03-01T00:00:00.000Z",
                 *       "maintenanceIntervalDays": 180
                 *     }
                 */
                "application/json": {
                    name: string;
                    /** @enum {string} */
                    type: "pump" | "valve" | "hydrant" | "pipe" | "meter" | "reservoir" | "treatment-unit" | "sensor-station" | "other";
                    /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
                    siteId: string;
                    serialNumber: string;
                    model?: string;
                    /**
                     * Format: date-time
                     * @example 2026-11-21T09:30:00Z
                     */
                    installedAt?: string;
                    maintenanceIntervalDays?: number;
                    /**
                     * @default operational
                     * @enum {string}
                     */
                    status?: "operational" | "degraded" | "down" | "retired";
                    /**
                     * @description The zone (district metered area) the asset lies in: a zone of the tenant the caller can see (422 UNKNOWN_ZONE)
                     * @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B
                     */
                    zoneId?: string;
                    /**
                     * @description The asset it belongs to, on the same site, without a cycle (422 UNKNOWN_PARENT_ASSET, PARENT_ON_ANOTHER_SITE, PARENT_ASSET_CYCLE)
                     * @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B
                     */
                    parentAssetId?: string;
                    /** @description A pipe's section: required on `pipe` assets (with installedAt), refused on any other type (422 INVALID_PIPE_SECTION) */
                    pipe?: {
                        /** @description Length of the pipe, m */
                        lengthM: number;
                        /** @description Internal diameter, mm */
                        diameterMm: number;
                        /**
                         * @description Pipe wall material (the materials whose wave speed the correlator knows)
                         * @enum {string}
                         */
                        material: "ductile_iron" | "cast_iron" | "steel" | "asbestos_cement" | "concrete" | "pvc" | "pe";
                    };
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    ETag?: string;
                    Location?: string;
                    Deprecation?: string;
                    Sunset?: string;
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C",
                     *       "version": 2,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T10:00:00.000Z",
                     *       "name": "Pompe de relevage P2",
                     *       "type": "pump",
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *       "serialNumber": "GRU-CR45-2291",
                     *       "model": "Grundfos CR 45",
                     *       "installedAt": "2024-03-01T00:00:00.000Z",
                     *       "maintenanceIntervalDays": 180,
                     *       "status": "operational",
                     *       "lastMaintenanceAt": null,
                     *       "nextMaintenanceAt": "2024-08-28T00:00:00.000Z",
                     *       "zoneId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7Z01",
                     *       "parentAssetId": null,
                     *       "pipe": null
                     *     }
                     */
                    "application/json": components["schemas"]["Asset"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getAsset: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, name, type, siteId, clientId, serialNumber, model, installedAt, maintenanceIntervalDays, status, lastMaintenanceAt, nextMaintenanceAt, zoneId, parentAssetId, pipe, pipe.lengthM, pipe.diameterMm, pipe.material (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: {
                "If-None-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Found */
            200: {
                headers: {
                    ETag?: string;
                    Deprecation?: string;
                    Sunset?: string;
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C",
                     *       "version": 2,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T10:00:00.000Z",
                     *       "name": "Pompe de relevage P2",
                     *       "type": "pump",
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *       "serialNumber": "GRU-CR45-2291",
                     *       "model": "Grundfos CR 45",
                     *       "installedAt": "2024-03-01T00:00:00.000Z",
                     *       "maintenanceIntervalDays": 180,
                     *       "status": "operational",
                     *       "lastMaintenanceAt": null,
                     *       "nextMaintenanceAt": "2024-08-28T00:00:00.000Z",
                     *       "zoneId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7Z01",
                     *       "parentAssetId": null,
                     *       "pipe": null
                     *     }
                     */
                    "application/json": components["schemas"]["Asset"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    deleteAsset: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    updateAsset: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "status": "degraded"
                 *     }
                 */
                "application/json": {
                    name?: string;
                    /** @enum {string} */
                    type?: "pump" | "valve" | "hydrant" | "pipe" | "meter" | "reservoir" | "treatment-unit" | "sensor-station" | "other";
                    /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
                    siteId?: string;
                    serialNumber?: string;
                    model?: string | null;
                    installedAt?: string | null;
                    maintenanceIntervalDays?: number | null;
                    /** @enum {string} */
                    status?: "operational" | "degraded" | "down" | "retired";
                    zoneId?: string | null;
                    parentAssetId?: string | null;
                    pipe?: {
                        /** @description Length of the pipe, m */
                        lengthM: number;
                        /** @description Internal diameter, mm */
                        diameterMm: number;
                        /**
                         * @description Pipe wall material (the materials whose wave speed the correlator knows)
                         * @enum {string}
                         */
                        material: "ductile_iron" | "cast_iron" | "steel" | "asbestos_cement" | "concrete" | "pvc" | "pe";
                    } | null;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    ETag?: string;
                    Deprecation?: string;
                    Sunset?: string;
                    Link?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C",
                     *       "version": 2,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T10:00:00.000Z",
                     *       "name": "Pompe de relevage P2",
                     *       "type": "pump",
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *       "serialNumber": "GRU-CR45-2291",
                     *       "model": "Grundfos CR 45",
                     *       "installedAt": "2024-03-01T00:00:00.000Z",
                     *       "maintenanceIntervalDays": 180,
                     *       "status": "operational",
                     *       "lastMaintenanceAt": null,
                     *       "nextMaintenanceAt": "2024-08-28T00:00:00.000Z",
                     *       "zoneId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7Z01",
                     *       "parentAssetId": null,
                     *       "pipe": null
                     *     }
                     */
                    "application/json": components["schemas"]["Asset"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getAssetV2: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, name, type, siteId, clientId, serialNumber, model, installedAt, status, zoneId, parentAssetId, pipe, pipe.lengthM, pipe.diameterMm, pipe.material, maintenance, maintenance.intervalDays, maintenance.lastAt, maintenance.nextAt (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: {
                "If-None-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Found */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C",
                     *       "version": 2,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T10:00:00.000Z",
                     *       "name": "Pompe de relevage P2",
                     *       "type": "pump",
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *       "serialNumber": "GRU-CR45-2291",
                     *       "model": "Grundfos CR 45",
                     *       "installedAt": "2024-03-01T00:00:00.000Z",
                     *       "status": "operational",
                     *       "zoneId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7Z01",
                     *       "parentAssetId": null,
                     *       "pipe": null,
                     *       "maintenance": {
                     *         "intervalDays": 180,
                     *         "lastAt": null,
                     *         "nextAt": "2024-08-28T00:00:00.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["AssetV2"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listApiKeys: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, name, owner, planId, ipAllowList, expiresAt, status, lastRotatedAt, keyPrefix, gatewayKeyId, retiringKeys, autoRotateDays, nextRotationAt, rotationNoticeSentAt, pendingValue, pendingValue.keyPrefix, pendingValue.rotatedAt, pendingValue.previousValueUntil, pendingValue.notifiedAt (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7K01",
                     *           "version": 1,
                     *           "createdAt": "2026-11-21T09:30:00.000Z",
                     *           "updatedAt": "2026-11-21T09:30:00.000Z",
                     *           "name": "Telemetry bridge",
                     *           "owner": "Aquatech Partners",
                     *           "planId": "partner",
                     *           "ipAllowList": [
                     *             "203.0.113.0/24",
                     *             "2001:db8::/32"
                     *           ],
                     *           "expiresAt": "2027-11-21T00:00:00.000Z",
                     *           "status": "active",
                     *           "lastRotatedAt": null,
                     *           "keyPrefix": "hyd_7Gq2",
                     *           "gatewayKeyId": "a1b2c3d4e5",
                     *           "retiringKeys": [],
                     *           "autoRotateDays": 90,
                     *           "nextRotationAt": "2027-02-19T09:30:00.000Z",
                     *           "rotationNoticeSentAt": null,
                     *           "pendingValue": null
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["ApiKey"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Telemetry bridge",
                 *       "owner": "Aquatech Partners",
                 *       "planId": "partner",
                 *       "ipAllowList": [
                 *         "203.0.113.0/24",
                 *         "2001:db8::/32"
                 *       ],
                 *       "expiresAt": "2027-11-21T00:00:00.000Z"
                 *     }
                 */
                "application/json": {
                    name: string;
                    /** @description The partner or app the key belongs to */
                    owner: string;
                    /**
                     * @description The usage plan: its rate, burst and quota
                     * @enum {string}
                     */
                    planId: "standard" | "partner" | "trial";
                    /** @description Addresses and CIDR ranges (IPv4, IPv6) the key may be used from; empty: anywhere. A call from elsewhere is 403 IP_NOT_ALLOWED */
                    ipAllowList?: string[];
                    /**
                     * Format: date-time
                     * @description After this time the key is refused with 403 API_KEY_EXPIRED
                     */
                    expiresAt?: string;
                    /** @enum {string} */
                    status?: "active" | "disabled";
                    /** @description Rotate the key automatically every this many days (from its last rotation). Admins are notified 7 days before and after; the new value is then claimed once with POST /v1/api-keys/{id}/pending-value, and the previous one keeps working for the default grace period */
                    autoRotateDays?: number;
                };
            };
        };
        responses: {
            /** @description Created; `value` is shown only now */
            201: {
                headers: {
                    ETag?: string;
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7K01",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "Telemetry bridge",
                     *       "owner": "Aquatech Partners",
                     *       "planId": "partner",
                     *       "ipAllowList": [
                     *         "203.0.113.0/24",
                     *         "2001:db8::/32"
                     *       ],
                     *       "expiresAt": "2027-11-21T00:00:00.000Z",
                     *       "status": "active",
                     *       "lastRotatedAt": null,
                     *       "keyPrefix": "hyd_7Gq2",
                     *       "gatewayKeyId": "a1b2c3d4e5",
                     *       "retiringKeys": [],
                     *       "autoRotateDays": 90,
                     *       "nextRotationAt": "2027-02-19T09:30:00.000Z",
                     *       "rotationNoticeSentAt": null,
                     *       "pendingValue": null,
                     *       "value": "hyd_7Gq2Xk9LmP4rT8vW1yZ3bC6dF0hJ5nQ2sU7xA9eK"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiKeyWithValue"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getApiKey: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, name, owner, planId, ipAllowList, expiresAt, status, lastRotatedAt, keyPrefix, gatewayKeyId, retiringKeys, autoRotateDays, nextRotationAt, rotationNoticeSentAt, pendingValue, pendingValue.keyPrefix, pendingValue.rotatedAt, pendingValue.previousValueUntil, pendingValue.notifiedAt (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: {
                "If-None-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Found */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7K01",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "Telemetry bridge",
                     *       "owner": "Aquatech Partners",
                     *       "planId": "partner",
                     *       "ipAllowList": [
                     *         "203.0.113.0/24",
                     *         "2001:db8::/32"
                     *       ],
                     *       "expiresAt": "2027-11-21T00:00:00.000Z",
                     *       "status": "active",
                     *       "lastRotatedAt": null,
                     *       "keyPrefix": "hyd_7Gq2",
                     *       "gatewayKeyId": "a1b2c3d4e5",
                     *       "retiringKeys": [],
                     *       "autoRotateDays": 90,
                     *       "nextRotationAt": "2027-02-19T09:30:00.000Z",
                     *       "rotationNoticeSentAt": null,
                     *       "pendingValue": null
                     *     }
                     */
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            /** @description Not modified (If-None-Match matched) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    deleteApiKey: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    updateApiKey: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "status": "disabled"
                 *     }
                 */
                "application/json": {
                    name?: string;
                    owner?: string;
                    /**
                     * @description The usage plan: its rate, burst and quota
                     * @enum {string}
                     */
                    planId?: "standard" | "partner" | "trial";
                    /** @description Addresses and CIDR ranges (IPv4, IPv6) the key may be used from; empty: anywhere. A call from elsewhere is 403 IP_NOT_ALLOWED */
                    ipAllowList?: string[];
                    expiresAt?: string | null;
                    /**
                     * @description `disabled`: API Gateway refuses the key (403 INVALID_API_KEY) until it is active again
                     * @enum {string}
                     */
                    status?: "active" | "disabled";
                    /** @description `null` stops automatic rotation */
                    autoRotateDays?: number | null;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7K01",
                     *       "version": 2,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "Telemetry bridge",
                     *       "owner": "Aquatech Partners",
                     *       "planId": "partner",
                     *       "ipAllowList": [
                     *         "203.0.113.0/24",
                     *         "2001:db8::/32"
                     *       ],
                     *       "expiresAt": "2027-11-21T00:00:00.000Z",
                     *       "status": "disabled",
                     *       "lastRotatedAt": null,
                     *       "keyPrefix": "hyd_7Gq2",
                     *       "gatewayKeyId": "a1b2c3d4e5",
                     *       "retiringKeys": [],
                     *       "autoRotateDays": 90,
                     *       "nextRotationAt": "2027-02-19T09:30:00.000Z",
                     *       "rotationNoticeSentAt": null,
                     *       "pendingValue": null
                     *     }
                     */
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    rotateApiKey: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "gracePeriodHours": 168
                 *     }
                 */
                "application/json": {
                    /**
                     * @description How long the previous value keeps working (0: refused at once)
                     * @default 168
                     */
                    gracePeriodHours?: number;
                };
            };
        };
        responses: {
            /** @description Rotated; `value` is shown only now */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7K01",
                     *       "version": 2,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "Telemetry bridge",
                     *       "owner": "Aquatech Partners",
                     *       "planId": "partner",
                     *       "ipAllowList": [
                     *         "203.0.113.0/24",
                     *         "2001:db8::/32"
                     *       ],
                     *       "expiresAt": "2027-11-21T00:00:00.000Z",
                     *       "status": "active",
                     *       "lastRotatedAt": "2026-11-22T08:00:00.000Z",
                     *       "keyPrefix": "hyd_7Gq2",
                     *       "gatewayKeyId": "a1b2c3d4e5",
                     *       "retiringKeys": [
                     *         {
                     *           "gatewayKeyId": "a1b2c3d4e5",
                     *           "keyPrefix": "hyd_7Gq2",
                     *           "graceUntil": "2026-11-29T08:00:00.000Z"
                     *         }
                     *       ],
                     *       "autoRotateDays": 90,
                     *       "nextRotationAt": "2027-02-19T09:30:00.000Z",
                     *       "rotationNoticeSentAt": null,
                     *       "pendingValue": null,
                     *       "value": "hyd_7Gq2Xk9LmP4rT8vW1yZ3bC6dF0hJ5nQ2sU7xA9eK"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiKeyWithValue"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    claimApiKeyPendingValue: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The pending value, shown only now; the key no longer has one pending */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7K01",
                     *       "version": 4,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "Telemetry bridge",
                     *       "owner": "Aquatech Partners",
                     *       "planId": "partner",
                     *       "ipAllowList": [
                     *         "203.0.113.0/24",
                     *         "2001:db8::/32"
                     *       ],
                     *       "expiresAt": "2027-11-21T00:00:00.000Z",
                     *       "status": "active",
                     *       "lastRotatedAt": "2027-02-19T09:30:00.000Z",
                     *       "keyPrefix": "hyd_7Gq2",
                     *       "gatewayKeyId": "a1b2c3d4e5",
                     *       "retiringKeys": [],
                     *       "autoRotateDays": 90,
                     *       "nextRotationAt": "2027-05-20T09:30:00.000Z",
                     *       "rotationNoticeSentAt": null,
                     *       "pendingValue": null,
                     *       "value": "hyd_7Gq2Xk9LmP4rT8vW1yZ3bC6dF0hJ5nQ2sU7xA9eK"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiKeyWithValue"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listSensors: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                siteId?: string;
                kind?: "ph" | "turbidity" | "chlorine" | "temperature" | "pressure" | "flow" | "level" | "conductivity" | "acoustic";
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, kind, unit, siteId, assetId, clientId, sampleIntervalSeconds, status, lastReadingAt (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "PH_001",
                     *           "version": 1,
                     *           "createdAt": "2026-11-21T09:30:00.000Z",
                     *           "updatedAt": "2026-11-21T09:30:00.000Z",
                     *           "kind": "ph",
                     *           "unit": "pH",
                     *           "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *           "assetId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C",
                     *           "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *           "sampleIntervalSeconds": 60,
                     *           "status": "active",
                     *           "lastReadingAt": "2026-11-21T10:15:00.000Z"
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["Sensor"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    createSensor: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "PH_001",
                 *       "kind": "ph",
                 *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                 *       "assetId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C",
                 *       "sampleIntervalSeconds": 60
                 *     }
                 */
                "application/json": {
                    /** @example PH_001 */
                    id: string;
                    /** @enum {string} */
                    kind: "ph" | "turbidity" | "chlorine" | "temperature" | "pressure" | "flow" | "level" | "conductivity" | "acoustic";
                    /** @description The kind's unit (ph: pH, turbidity: NTU, chlorine: mg/L, temperature: °C, pressure: bar, flow: m3/h, level: m, conductivity: µS/cm, acoustic: dB); default: that unit */
                    unit?: string;
                    /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
                    siteId: string;
                    /**
                     * @description An asset of the same site the sensor is mounted on
                     * @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B
                     */
                    assetId?: string;
                    /**
                     * @description Seconds between two readings the device is configured for
                     * @default 60
                     */
                    sampleIntervalSeconds?: number;
                    /**
                     * @default active
                     * @enum {string}
                     */
                    status?: "active" | "inactive" | "maintenance";
                };
            };
        };
        responses: {
            /** @description Registered; `mqtt` (with the private key) is shown only now */
            201: {
                headers: {
                    ETag?: string;
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "PH_001",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "kind": "ph",
                     *       "unit": "pH",
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "assetId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C",
                     *       "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *       "sampleIntervalSeconds": 60,
                     *       "status": "active",
                     *       "lastReadingAt": null,
                     *       "mqtt": {
                     *         "url": "mqtts://a1b2c3d4e5f6g7-ats.iot.eu-west-1.amazonaws.com:8883",
                     *         "clientId": "PH_001",
                     *         "topic": "hydrant/PH_001/telemetry",
                     *         "certificatePem": "-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n",
                     *         "privateKey": "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n",
                     *         "caCertificatePem": "-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["SensorWithCredentials"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getSensor: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, kind, unit, siteId, assetId, clientId, sampleIntervalSeconds, status, lastReadingAt (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: {
                "If-None-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Found */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "PH_001",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "kind": "ph",
                     *       "unit": "pH",
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "assetId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C",
                     *       "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *       "sampleIntervalSeconds": 60,
                     *       "status": "active",
                     *       "lastReadingAt": "2026-11-21T10:15:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Sensor"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    deleteSensor: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    updateSensor: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "status": "maintenance"
                 *     }
                 */
                "application/json": {
                    /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
                    siteId?: string;
                    assetId?: string | null;
                    /** @description Seconds between two readings the device is configured for */
                    sampleIntervalSeconds?: number;
                    /** @enum {string} */
                    status?: "active" | "inactive" | "maintenance";
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "PH_001",
                     *       "version": 2,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "kind": "ph",
                     *       "unit": "pH",
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "assetId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C",
                     *       "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *       "sampleIntervalSeconds": 60,
                     *       "status": "maintenance",
                     *       "lastReadingAt": "2026-11-21T10:15:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Sensor"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    ingestTelemetry: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "readings": [
                 *         {
                 *           "sensorId": "PH_001",
                 *           "ts": "2026-11-21T10:15:00Z",
                 *           "value": 7.21
                 *         },
                 *         {
                 *           "sensorId": "PH_001",
                 *           "ts": 1795256160000,
                 *           "value": 7.19,
                 *           "quality": "UNCERTAIN"
                 *         },
                 *         {
                 *           "sensorId": "PH_001",
                 *           "ts": "2026-11-21T10:17:00Z",
                 *           "value": 15
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": {
                    readings: components["schemas"]["IncomingReading"][];
                } | components["schemas"]["IncomingReading"][];
            };
        };
        responses: {
            /** @description Judged: good readings stored, bad ones listed with their index and a code */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "accepted": 2,
                     *       "rejected": [
                     *         {
                     *           "index": 2,
                     *           "code": "OUT_OF_RANGE",
                     *           "message": "15 is outside the physical range of a ph sensor (0..14 pH)"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["IngestResult"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getSensorReadings: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
                interval?: "raw" | "1m" | "5m" | "15m" | "1h" | "1d" | "1w" | "1mo";
                agg?: "avg" | "min" | "max" | "sum" | "count" | "first" | "last" | "stddev";
                tz?: string;
                quality?: string;
                fill?: "none" | "null" | "previous" | "linear";
                limit?: number;
                cursor?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of sensorId, unit, interval, agg, tz, points, nextCursor (id is always included)
                 * @example sensorId,unit,interval
                 */
                fields?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of points */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "sensorId": "PH_001",
                     *       "unit": "pH",
                     *       "interval": "1h",
                     *       "agg": "avg",
                     *       "tz": "Europe/Paris",
                     *       "points": [
                     *         {
                     *           "ts": "2026-11-21T10:00:00.000+01:00",
                     *           "value": 7.2,
                     *           "count": 60
                     *         },
                     *         {
                     *           "ts": "2026-11-21T11:00:00.000+01:00",
                     *           "value": 7.18,
                     *           "count": 60
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": components["schemas"]["ReadingsPage"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getSensorLatest: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of sensorId, kind, unit, latest, latest.ts, latest.value, latest.quality (id is always included)
                 * @example sensorId,kind,unit
                 */
                fields?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The latest reading, or null */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "sensorId": "PH_001",
                     *       "kind": "ph",
                     *       "unit": "pH",
                     *       "latest": {
                     *         "ts": "2026-11-21T10:15:00.000Z",
                     *         "value": 7.21,
                     *         "quality": "GOOD"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["SensorLatest"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getSiteLatest: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of siteId, sensors (id is always included)
                 * @example siteId,sensors
                 */
                fields?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The site's sensors with their latest reading */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "sensors": [
                     *         {
                     *           "sensorId": "PH_001",
                     *           "kind": "ph",
                     *           "unit": "pH",
                     *           "latest": {
                     *             "ts": "2026-11-21T10:15:00.000Z",
                     *             "value": 7.21,
                     *             "quality": "GOOD"
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["SiteLatest"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listAlertRules: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                sensorId?: string;
                siteId?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, name, sensorId, siteId, kind, zoneId, condition, severity, enabled, openWorkOrder, default (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7R01",
                     *           "version": 1,
                     *           "createdAt": "2026-11-21T09:30:00.000Z",
                     *           "updatedAt": "2026-11-21T09:30:00.000Z",
                     *           "name": "pH too high at the plant",
                     *           "sensorId": null,
                     *           "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *           "kind": "ph",
                     *           "zoneId": null,
                     *           "condition": {
                     *             "type": "threshold",
                     *             "comparison": "above",
                     *             "value": 8.5,
                     *             "deadband": 0.2
                     *           },
                     *           "severity": "major",
                     *           "enabled": true,
                     *           "openWorkOrder": false,
                     *           "default": false
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["AlertRule"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    createAlertRule: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry safe: the first answer (5xx included) is kept 24 hours and replayed for the same key and payload; another payload is 422, a request still running 409.
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "pH too high at the plant",
                 *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                 *       "kind": "ph",
                 *       "condition": {
                 *         "type": "threshold",
                 *         "comparison": "above",
                 *         "value": 8.5,
                 *         "deadband": 0.2
                 *       },
                 *       "severity": "major"
                 *     }
                 */
                "application/json": {
                    name: string;
                    /**
                     * @description One sensor; or give siteId and kind
                     * @example PH_001
                     */
                    sensorId?: string;
                    /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
                    siteId?: string;
                    /** @enum {string} */
                    kind?: "ph" | "turbidity" | "chlorine" | "temperature" | "pressure" | "flow" | "level" | "conductivity" | "acoustic";
                    /**
                     * @description A leak rule (condition leak) of one zone; a leak rule without it covers every zone
                     * @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B
                     */
                    zoneId?: string;
                    /** @description What raises the alert */
                    condition: {
                        /** @constant */
                        type: "threshold";
                        /** @enum {string} */
                        comparison: "above" | "below";
                        value: number;
                        /**
                         * @description How far back past the threshold the value must go to clear the alert
                         * @default 0
                         */
                        deadband?: number;
                    } | {
                        /** @constant */
                        type: "duration";
                        /** @enum {string} */
                        comparison: "above" | "below";
                        value: number;
                        /** @default 0 */
                        deadband?: number;
                        /** @description How long the threshold must hold, in reading time */
                        seconds: number;
                    } | {
                        /** @constant */
                        type: "rateOfChange";
                        /** @description Magnitude of change per minute between successive readings */
                        perMinute: number;
                        /**
                         * @default either
                         * @enum {string}
                         */
                        direction?: "rising" | "falling" | "either";
                    } | {
                        /** @constant */
                        type: "anomaly";
                        /**
                         * @description Raise when |z| > k
                         * @default 3
                         */
                        k?: number;
                        /**
                         * @description Trailing window the mean and standard deviation are taken over
                         * @default 60
                         */
                        windowMinutes?: number;
                        /** @default 10 */
                        minSamples?: number;
                    } | {
                        /** @constant */
                        type: "transient";
                        /** @description Raise when a pressure transient of a burst (POST /v1/sensors/{id}/transients) swings more than this, metres of head; the zone's transientLimitM takes precedence */
                        limitM: number;
                    } | {
                        /** @constant */
                        type: "noData";
                        /** @description Raise when nothing arrived for this long (checked every minute) */
                        minutes: number;
                    } | {
                        /** @constant */
                        type: "leak";
                    };
                    /** @enum {string} */
                    severity: "critical" | "major" | "minor" | "warning";
                    /** @default true */
                    enabled?: boolean;
                    /** @default false */
                    openWorkOrder?: boolean;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    ETag?: string;
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7R01",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "pH too high at the plant",
                     *       "sensorId": null,
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "kind": "ph",
                     *       "zoneId": null,
                     *       "condition": {
                     *         "type": "threshold",
                     *         "comparison": "above",
                     *         "value": 8.5,
                     *         "deadband": 0.2
                     *       },
                     *       "severity": "major",
                     *       "enabled": true,
                     *       "openWorkOrder": false,
                     *       "default": false
                     *     }
                     */
                    "application/json": components["schemas"]["AlertRule"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getAlertRule: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, name, sensorId, siteId, kind, zoneId, condition, severity, enabled, openWorkOrder, default (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: {
                "If-None-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Found */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7R01",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "pH too high at the plant",
                     *       "sensorId": null,
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "kind": "ph",
                     *       "zoneId": null,
                     *       "condition": {
                     *         "type": "threshold",
                     *         "comparison": "above",
                     *         "value": 8.5,
                     *         "deadband": 0.2
                     *       },
                     *       "severity": "major",
                     *       "enabled": true,
                     *       "openWorkOrder": false,
                     *       "default": false
                     *     }
                     */
                    "application/json": components["schemas"]["AlertRule"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    deleteAlertRule: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    updateAlertRule: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "enabled": false
                 *     }
                 */
                "application/json": {
                    name?: string;
                    /** @description What raises the alert */
                    condition?: {
                        /** @constant */
                        type: "threshold";
                        /** @enum {string} */
                        comparison: "above" | "below";
                        value: number;
                        /**
                         * @description How far back past the threshold the value must go to clear the alert
                         * @default 0
                         */
                        deadband?: number;
                    } | {
                        /** @constant */
                        type: "duration";
                        /** @enum {string} */
                        comparison: "above" | "below";
                        value: number;
                        /** @default 0 */
                        deadband?: number;
                        /** @description How long the threshold must hold, in reading time */
                        seconds: number;
                    } | {
                        /** @constant */
                        type: "rateOfChange";
                        /** @description Magnitude of change per minute between successive readings */
                        perMinute: number;
                        /**
                         * @default either
                         * @enum {string}
                         */
                        direction?: "rising" | "falling" | "either";
                    } | {
                        /** @constant */
                        type: "anomaly";
                        /**
                         * @description Raise when |z| > k
                         * @default 3
                         */
                        k?: number;
                        /**
                         * @description Trailing window the mean and standard deviation are taken over
                         * @default 60
                         */
                        windowMinutes?: number;
                        /** @default 10 */
                        minSamples?: number;
                    } | {
                        /** @constant */
                        type: "transient";
                        /** @description Raise when a pressure transient of a burst (POST /v1/sensors/{id}/transients) swings more than this, metres of head; the zone's transientLimitM takes precedence */
                        limitM: number;
                    } | {
                        /** @constant */
                        type: "noData";
                        /** @description Raise when nothing arrived for this long (checked every minute) */
                        minutes: number;
                    } | {
                        /** @constant */
                        type: "leak";
                    };
                    /** @enum {string} */
                    severity?: "critical" | "major" | "minor" | "warning";
                    enabled?: boolean;
                    openWorkOrder?: boolean;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7R01",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "pH too high at the plant",
                     *       "sensorId": null,
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "kind": "ph",
                     *       "zoneId": null,
                     *       "condition": {
                     *         "type": "threshold",
                     *         "comparison": "above",
                     *         "value": 8.5,
                     *         "deadband": 0.2
                     *       },
                     *       "severity": "major",
                     *       "enabled": true,
                     *       "openWorkOrder": false,
                     *       "default": false
                     *     }
                     */
                    "application/json": components["schemas"]["AlertRule"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listAlerts: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                status?: "active" | "acknowledged" | "cleared";
                severity?: "critical" | "major" | "minor" | "warning";
                siteId?: string;
                sensorId?: string;
                zoneId?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, ruleId, ruleName, conditionType, severity, sensorId, siteId, kind, zoneId, clientId, status, message, raisedBy, raisedBy.ts, raisedBy.value, raisedAt, acknowledgedAt, acknowledgedBy, acknowledgedBy.subject, acknowledgedBy.username, clearedAt, clearedBy, clearedBy.ts, clearedBy.value, clearedBy.reason, workOrderRequested, leak, leak.startNight, leak.detectedNight, leak.baselineM3h, leak.addedFlowM3h, leak.addedFlowInterval95M3h, leak.volumeLostM3, leak.count, leak.lastSeenNight, leak.clearedNight (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A11",
                     *           "version": 1,
                     *           "createdAt": "2026-11-21T09:31:02.000Z",
                     *           "updatedAt": "2026-11-21T09:31:02.000Z",
                     *           "ruleId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7R01",
                     *           "ruleName": "pH too high at the plant",
                     *           "conditionType": "threshold",
                     *           "severity": "major",
                     *           "sensorId": "PH_001",
                     *           "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *           "kind": "ph",
                     *           "zoneId": null,
                     *           "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *           "status": "active",
                     *           "message": "pH too high at the plant: PH_001 9.1 is above 8.5",
                     *           "raisedBy": {
                     *             "ts": "2026-11-21T09:31:00.000Z",
                     *             "value": 9.1
                     *           },
                     *           "raisedAt": "2026-11-21T09:31:02.000Z",
                     *           "acknowledgedAt": null,
                     *           "acknowledgedBy": null,
                     *           "clearedAt": null,
                     *           "clearedBy": null,
                     *           "workOrderRequested": false,
                     *           "leak": null
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["Alert"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getAlert: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, ruleId, ruleName, conditionType, severity, sensorId, siteId, kind, zoneId, clientId, status, message, raisedBy, raisedBy.ts, raisedBy.value, raisedAt, acknowledgedAt, acknowledgedBy, acknowledgedBy.subject, acknowledgedBy.username, clearedAt, clearedBy, clearedBy.ts, clearedBy.value, clearedBy.reason, workOrderRequested, leak, leak.startNight, leak.detectedNight, leak.baselineM3h, leak.addedFlowM3h, leak.addedFlowInterval95M3h, leak.volumeLostM3, leak.count, leak.lastSeenNight, leak.clearedNight (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: {
                "If-None-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Found */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A11",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:31:02.000Z",
                     *       "updatedAt": "2026-11-21T09:31:02.000Z",
                     *       "ruleId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7R01",
                     *       "ruleName": "pH too high at the plant",
                     *       "conditionType": "threshold",
                     *       "severity": "major",
                     *       "sensorId": "PH_001",
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "kind": "ph",
                     *       "zoneId": null,
                     *       "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *       "status": "active",
                     *       "message": "pH too high at the plant: PH_001 9.1 is above 8.5",
                     *       "raisedBy": {
                     *         "ts": "2026-11-21T09:31:00.000Z",
                     *         "value": 9.1
                     *       },
                     *       "raisedAt": "2026-11-21T09:31:02.000Z",
                     *       "acknowledgedAt": null,
                     *       "acknowledgedBy": null,
                     *       "clearedAt": null,
                     *       "clearedBy": null,
                     *       "workOrderRequested": false,
                     *       "leak": null
                     *     }
                     */
                    "application/json": components["schemas"]["Alert"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    acknowledgeAlert: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Acknowledged; 409 ALERT_NOT_ACTIVE when it is already acknowledged or cleared */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A11",
                     *       "version": 2,
                     *       "createdAt": "2026-11-21T09:31:02.000Z",
                     *       "updatedAt": "2026-11-21T09:31:02.000Z",
                     *       "ruleId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7R01",
                     *       "ruleName": "pH too high at the plant",
                     *       "conditionType": "threshold",
                     *       "severity": "major",
                     *       "sensorId": "PH_001",
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "kind": "ph",
                     *       "zoneId": null,
                     *       "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *       "status": "acknowledged",
                     *       "message": "pH too high at the plant: PH_001 9.1 is above 8.5",
                     *       "raisedBy": {
                     *         "ts": "2026-11-21T09:31:00.000Z",
                     *         "value": 9.1
                     *       },
                     *       "raisedAt": "2026-11-21T09:31:02.000Z",
                     *       "acknowledgedAt": "2026-11-21T09:35:00.000Z",
                     *       "acknowledgedBy": {
                     *         "subject": "b3f1c2d4-0000-4000-8000-000000000001",
                     *         "username": "manager@hydrant.local"
                     *       },
                     *       "clearedAt": null,
                     *       "clearedBy": null,
                     *       "workOrderRequested": false,
                     *       "leak": null
                     *     }
                     */
                    "application/json": components["schemas"]["Alert"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listForecasts: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                sensorId?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, status, source, options, options.horizon, options.period, options.family, sensorId, input, input.columns, input.columns.date, input.columns.value, input.columns.key, input.rows, input.rows.total, input.rows.used, input.rows.invalid, input.rows.filtered, reason, reason.code, reason.message, attempts, createdBy, createdAt, updatedAt, startedAt, completedAt (id is always included)
                 * @example id,version,status
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *           "version": 3,
                     *           "status": "succeeded",
                     *           "source": {
                     *             "type": "sensor",
                     *             "sensorId": "FLOW_012",
                     *             "interval": "1d",
                     *             "agg": "sum",
                     *             "tz": "Europe/Paris"
                     *           },
                     *           "options": {
                     *             "horizon": 30,
                     *             "family": "auto"
                     *           },
                     *           "sensorId": "FLOW_012",
                     *           "attempts": 1,
                     *           "createdBy": "b1f0c3d2-0000-4000-8000-000000000001",
                     *           "createdAt": "2026-11-21T09:30:00Z",
                     *           "updatedAt": "2026-11-21T09:30:02Z",
                     *           "startedAt": "2026-11-21T09:30:01Z",
                     *           "completedAt": "2026-11-21T09:30:02Z"
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["ForecastSummary"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    createForecast: {
        parameters: {
            query?: never;
            header?: {
                Prefer?: string;
                /**
                 * @description Makes a retry safe: the first answer (5xx included) is kept 24 hours and replayed for the same key and payload; another payload is 422, a request still running 409.
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "source": {
                 *         "type": "csv",
                 *         "content": "date;montant\n01/01/2023;1 234,50\n01/02/2023;1 180,00\n…",
                 *         "period": "month"
                 *       },
                 *       "horizon": 18
                 *     }
                 */
                "application/json": {
                    source: {
                        /** @constant */
                        type: "sensor";
                        /** @example PH_001 */
                        sensorId: string;
                        /**
                         * @description The period of the series: buckets of the telemetry store
                         * @enum {string}
                         */
                        interval: "1h" | "1d" | "1w" | "1mo";
                        /**
                         * @description How readings combine in a bucket; sum and count are amounts, the others levels
                         * @enum {string}
                         */
                        agg: "avg" | "min" | "max" | "sum" | "count" | "first" | "last" | "stddev";
                        /**
                         * Format: date-time
                         * @description Inclusive; default: 4 weeks of hours, 3 years of days or weeks, 5 years of months before `to`
                         * @example 2026-11-21T09:30:00Z
                         */
                        from?: string;
                        /**
                         * Format: date-time
                         * @description Exclusive; default: the start of the current bucket (complete buckets only)
                         * @example 2026-11-21T09:30:00Z
                         */
                        to?: string;
                        /** @description Buckets follow the calendar of this zone; default UTC */
                        tz?: string;
                    } | {
                        /** @constant */
                        type: "zone";
                        /**
                         * @description A zone (district metered area): its net inflow, the mean flow of its `in` meters less its `out` meters', per bucket
                         * @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B
                         */
                        zoneId: string;
                        /**
                         * @description The period of the series: buckets of the telemetry store
                         * @enum {string}
                         */
                        interval: "1h" | "1d" | "1w" | "1mo";
                        /**
                         * Format: date-time
                         * @description Inclusive; default as for a sensor
                         * @example 2026-11-21T09:30:00Z
                         */
                        from?: string;
                        /**
                         * Format: date-time
                         * @description Exclusive; default: the start of the current bucket
                         * @example 2026-11-21T09:30:00Z
                         */
                        to?: string;
                        /** @description Buckets follow the calendar of this zone; default the zone's own time zone */
                        tz?: string;
                    } | {
                        /** @constant */
                        type: "csv";
                        /** @description The CSV text (French formats accepted: dd/mm/yyyy, decimal comma, `;`, month names); at most 1 MiB in a JSON body, 4 MiB as a multipart file */
                        content: string;
                        /** @description Header or 1-based index; detected when absent */
                        dateColumn?: string;
                        /** @description Header or 1-based index; detected when absent */
                        valueColumn?: string;
                        /** @description Column of the entity key (detected from a header containing "code" when absent) */
                        keyColumn?: string;
                        /** @description Forecast only the rows of this key */
                        key?: string;
                        /**
                         * @description Period the rows are aggregated to
                         * @default month
                         * @enum {string}
                         */
                        period?: "month" | "week" | "day";
                        /**
                         * @description Amounts add up in a period (zero is no activity); levels average
                         * @default amount
                         * @enum {string}
                         */
                        kind?: "amount" | "level";
                    } | {
                        /** @constant */
                        type: "document";
                        /**
                         * @description A document uploaded with POST /v1/documents (up to 50 MiB), `available` and of type text/csv (or text/plain named *.csv); read by the worker, streaming, from its verified version
                         * @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B
                         */
                        documentId: string;
                        /** @description Header or 1-based index; detected when absent */
                        dateColumn?: string;
                        /** @description Header or 1-based index; detected when absent */
                        valueColumn?: string;
                        /** @description Column of the entity key (detected from a header containing "code" when absent) */
                        keyColumn?: string;
                        /** @description Forecast only the rows of this key */
                        key?: string;
                        /**
                         * @description Period the rows are aggregated to
                         * @default month
                         * @enum {string}
                         */
                        period?: "month" | "week" | "day";
                        /**
                         * @description Amounts add up in a period (zero is no activity); levels average
                         * @default amount
                         * @enum {string}
                         */
                        kind?: "amount" | "level";
                    };
                    /** @description Steps ahead; absent: the safe horizon (auto mode); longer requests are cut to it */
                    horizon?: number;
                    /** @description Seasonal period in steps; detected when absent (24 for hourly series) */
                    period?: number;
                    /**
                     * @description Model family; auto chooses by rolling-origin backtest
                     * @default auto
                     * @enum {string}
                     */
                    family?: "auto" | "sarima" | "ets" | "theta" | "seasonal-naive" | "combination";
                };
                /**
                 * @example {
                 *       "file": "date;montant\n29/01/2020;1 500,50\n29/01/2026;2 300,00\n",
                 *       "source.period": "month"
                 *     }
                 */
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description The CSV file, UTF-8 (at most 4 MiB with the rest of the form)
                     */
                    file: string;
                    /** @description As in the JSON body */
                    horizon?: number;
                    /** @description Seasonal period, as in the JSON body */
                    period?: number;
                    /** @enum {string} */
                    family?: "auto" | "sarima" | "ets" | "theta" | "seasonal-naive" | "combination";
                    /**
                     * @description Period the rows are aggregated to (source.period of the JSON body)
                     * @enum {string}
                     */
                    "source.period"?: "month" | "week" | "day";
                    /** @enum {string} */
                    "source.kind"?: "amount" | "level";
                    "source.dateColumn"?: string;
                    "source.valueColumn"?: string;
                    "source.keyColumn"?: string;
                    "source.key"?: string;
                };
            };
        };
        responses: {
            /** @description Ended within the wait `Prefer` asked for (succeeded or failed) */
            200: {
                headers: {
                    ETag?: string;
                    Location?: string;
                    "Preference-Applied"?: string;
                    Vary?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "version": 3,
                     *       "status": "succeeded",
                     *       "source": {
                     *         "type": "sensor",
                     *         "sensorId": "FLOW_012",
                     *         "interval": "1d",
                     *         "agg": "sum",
                     *         "tz": "Europe/Paris"
                     *       },
                     *       "options": {
                     *         "horizon": 30,
                     *         "family": "auto"
                     *       },
                     *       "sensorId": "FLOW_012",
                     *       "attempts": 1,
                     *       "createdBy": "b1f0c3d2-0000-4000-8000-000000000001",
                     *       "createdAt": "2026-11-21T09:30:00Z",
                     *       "updatedAt": "2026-11-21T09:30:02Z",
                     *       "startedAt": "2026-11-21T09:30:01Z",
                     *       "completedAt": "2026-11-21T09:30:02Z",
                     *       "result": {
                     *         "model": {
                     *           "family": "sarima",
                     *           "name": "ARIMA(1,0,0)(0,1,1)[7]",
                     *           "order": [
                     *             1,
                     *             0,
                     *             0
                     *           ],
                     *           "seasonalOrder": [
                     *             0,
                     *             1,
                     *             1
                     *           ],
                     *           "period": 7,
                     *           "aicc": 812.4,
                     *           "informationCriteria": {
                     *             "aic": 811.9,
                     *             "aicc": 812.4,
                     *             "bic": 819.8
                     *           },
                     *           "criteriaReason": null
                     *         },
                     *         "horizon": {
                     *           "requested": 30,
                     *           "used": 14,
                     *           "safe": 14,
                     *           "reason": "capped"
                     *         },
                     *         "durationInfo": {
                     *           "unit": "day",
                     *           "requested": 30,
                     *           "validated": 14,
                     *           "safe": 14,
                     *           "mode": "user",
                     *           "reason": "capped",
                     *           "why": "Horizon cut from 30 to 14 days: the data support no more (a third of 60 active periods is 20, kept within [3, 14] and at most a third of the 60 periods (20): 14).",
                     *           "rule": {
                     *             "activePeriods": 60,
                     *             "third": 20,
                     *             "minimum": 3,
                     *             "maximum": 14,
                     *             "lengthCap": 20
                     *           }
                     *         },
                     *         "density": {
                     *           "active": 60,
                     *           "total": 60,
                     *           "ratio": 1,
                     *           "sparse": false,
                     *           "warning": null
                     *         },
                     *         "candidates": [
                     *           {
                     *             "family": "sarima",
                     *             "name": "ARIMA(1,0,0)(0,1,1)[7]",
                     *             "informationCriteria": {
                     *               "aic": 811.9,
                     *               "aicc": 812.4,
                     *               "bic": 819.8
                     *             },
                     *             "criteriaReason": null,
                     *             "crossValidation": null
                     *           },
                     *           {
                     *             "family": "seasonal-naive",
                     *             "name": "seasonal naive [7]",
                     *             "informationCriteria": null,
                     *             "criteriaReason": "no parameter is estimated, so there is nothing for a criterion to penalise; the series is too short to cross-validate it",
                     *             "crossValidation": null
                     *           }
                     *         ],
                     *         "history": [
                     *           {
                     *             "ts": "2026-11-20T00:00:00.000+01:00",
                     *             "value": 412.5
                     *           }
                     *         ],
                     *         "forecast": [
                     *           {
                     *             "ts": "2026-11-21T00:00:00.000+01:00",
                     *             "mean": 415.2,
                     *             "p10": 398.1,
                     *             "p50": 415.2,
                     *             "p90": 432.3,
                     *             "lower80": 398.1,
                     *             "upper80": 432.3,
                     *             "lower95": 389,
                     *             "upper95": 441.4
                     *           }
                     *         ],
                     *         "backtest": null,
                     *         "explanations": [
                     *           "Horizon cut from 30 to 14 days: the data support no more (a third of 60 active periods, at most 14)."
                     *         ]
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["ForecastJob"];
                };
            };
            /** @description Queued or running */
            202: {
                headers: {
                    Location?: string;
                    "Preference-Applied"?: string;
                    Vary?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "status": "queued"
                     *     }
                     */
                    "application/json": components["schemas"]["ForecastAccepted"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getForecast: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, status, source, options, options.horizon, options.period, options.family, sensorId, input, input.columns, input.columns.date, input.columns.value, input.columns.key, input.rows, input.rows.total, input.rows.used, input.rows.invalid, input.rows.filtered, reason, reason.code, reason.message, attempts, createdBy, createdAt, updatedAt, startedAt, completedAt, result, result.model, result.model.family, result.model.name, result.model.order, result.model.seasonalOrder, result.model.period, result.model.aicc, result.model.informationCriteria, result.model.informationCriteria.aic, result.model.informationCriteria.aicc, result.model.informationCriteria.bic, result.model.criteriaReason, result.horizon, result.horizon.requested, result.horizon.used, result.horizon.safe, result.horizon.reason, result.durationInfo, result.durationInfo.unit, result.durationInfo.requested, result.durationInfo.validated, result.durationInfo.safe, result.durationInfo.mode, result.durationInfo.reason, result.durationInfo.why, result.durationInfo.rule, result.durationInfo.rule.activePeriods, result.durationInfo.rule.third, result.durationInfo.rule.minimum, result.durationInfo.rule.maximum, result.durationInfo.rule.lengthCap, result.density, result.density.active, result.density.total, result.density.ratio, result.density.sparse, result.density.warning, result.candidates, result.history, result.forecast, result.backtest, result.backtest.origins, result.backtest.horizon, result.backtest.candidates, result.backtest.chosen, result.backtest.chosen.family, result.backtest.chosen.name, result.backtest.chosen.mase, result.backtest.chosen.smape, result.backtest.chosen.coverage80, result.backtest.chosen.coverage95, result.backtest.chosen.errorScale, result.backtest.chosen.intervalFactor, result.explanations (id is always included)
                 * @example id,version,status
                 */
                fields?: string;
            };
            header?: {
                "If-None-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Found */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "version": 3,
                     *       "status": "succeeded",
                     *       "source": {
                     *         "type": "sensor",
                     *         "sensorId": "FLOW_012",
                     *         "interval": "1d",
                     *         "agg": "sum",
                     *         "tz": "Europe/Paris"
                     *       },
                     *       "options": {
                     *         "horizon": 30,
                     *         "family": "auto"
                     *       },
                     *       "sensorId": "FLOW_012",
                     *       "attempts": 1,
                     *       "createdBy": "b1f0c3d2-0000-4000-8000-000000000001",
                     *       "createdAt": "2026-11-21T09:30:00Z",
                     *       "updatedAt": "2026-11-21T09:30:02Z",
                     *       "startedAt": "2026-11-21T09:30:01Z",
                     *       "completedAt": "2026-11-21T09:30:02Z",
                     *       "result": {
                     *         "model": {
                     *           "family": "sarima",
                     *           "name": "ARIMA(1,0,0)(0,1,1)[7]",
                     *           "order": [
                     *             1,
                     *             0,
                     *             0
                     *           ],
                     *           "seasonalOrder": [
                     *             0,
                     *             1,
                     *             1
                     *           ],
                     *           "period": 7,
                     *           "aicc": 812.4,
                     *           "informationCriteria": {
                     *             "aic": 811.9,
                     *             "aicc": 812.4,
                     *             "bic": 819.8
                     *           },
                     *           "criteriaReason": null
                     *         },
                     *         "horizon": {
                     *           "requested": 30,
                     *           "used": 14,
                     *           "safe": 14,
                     *           "reason": "capped"
                     *         },
                     *         "durationInfo": {
                     *           "unit": "day",
                     *           "requested": 30,
                     *           "validated": 14,
                     *           "safe": 14,
                     *           "mode": "user",
                     *           "reason": "capped",
                     *           "why": "Horizon cut from 30 to 14 days: the data support no more (a third of 60 active periods is 20, kept within [3, 14] and at most a third of the 60 periods (20): 14).",
                     *           "rule": {
                     *             "activePeriods": 60,
                     *             "third": 20,
                     *             "minimum": 3,
                     *             "maximum": 14,
                     *             "lengthCap": 20
                     *           }
                     *         },
                     *         "density": {
                     *           "active": 60,
                     *           "total": 60,
                     *           "ratio": 1,
                     *           "sparse": false,
                     *           "warning": null
                     *         },
                     *         "candidates": [
                     *           {
                     *             "family": "sarima",
                     *             "name": "ARIMA(1,0,0)(0,1,1)[7]",
                     *             "informationCriteria": {
                     *               "aic": 811.9,
                     *               "aicc": 812.4,
                     *               "bic": 819.8
                     *             },
                     *             "criteriaReason": null,
                     *             "crossValidation": null
                     *           },
                     *           {
                     *             "family": "seasonal-naive",
                     *             "name": "seasonal naive [7]",
                     *             "informationCriteria": null,
                     *             "criteriaReason": "no parameter is estimated, so there is nothing for a criterion to penalise; the series is too short to cross-validate it",
                     *             "crossValidation": null
                     *           }
                     *         ],
                     *         "history": [
                     *           {
                     *             "ts": "2026-11-20T00:00:00.000+01:00",
                     *             "value": 412.5
                     *           }
                     *         ],
                     *         "forecast": [
                     *           {
                     *             "ts": "2026-11-21T00:00:00.000+01:00",
                     *             "mean": 415.2,
                     *             "p10": 398.1,
                     *             "p50": 415.2,
                     *             "p90": 432.3,
                     *             "lower80": 398.1,
                     *             "upper80": 432.3,
                     *             "lower95": 389,
                     *             "upper95": 441.4
                     *           }
                     *         ],
                     *         "backtest": null,
                     *         "explanations": [
                     *           "Horizon cut from 30 to 14 days: the data support no more (a third of 60 active periods, at most 14)."
                     *         ]
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["ForecastJob"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getForecastChart: {
        parameters: {
            query?: never;
            header?: {
                "If-None-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An SVG document */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "image/svg+xml": string;
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listNotifications: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                unread?: "true" | "false";
                /**
                 * @description Sparse fieldset: a comma-separated list of id, type, groupKey, title, body, resource, resource.type, resource.id, count, firstAt, lastAt, readAt (id is always included)
                 * @example id,type,groupKey
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "8ZQ4M1J3X6C2N7R5T0V9W8Y6AB",
                     *           "type": "alert.raised",
                     *           "groupKey": "alert.raised:01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B:PH_001",
                     *           "title": "MAJOR alert: pH high on PH_001",
                     *           "body": "pH high: PH_001 value 9.2 above 8.5",
                     *           "resource": {
                     *             "type": "alert",
                     *             "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C"
                     *           },
                     *           "count": 3,
                     *           "firstAt": "2026-11-21T09:30:00.000Z",
                     *           "lastAt": "2026-11-21T10:05:00.000Z",
                     *           "readAt": null
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["Notification"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    readNotification: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Read */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "8ZQ4M1J3X6C2N7R5T0V9W8Y6AB",
                     *       "type": "alert.raised",
                     *       "groupKey": "alert.raised:01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B:PH_001",
                     *       "title": "MAJOR alert: pH high on PH_001",
                     *       "body": "pH high: PH_001 value 9.2 above 8.5",
                     *       "resource": {
                     *         "type": "alert",
                     *         "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C"
                     *       },
                     *       "count": 3,
                     *       "firstAt": "2026-11-21T09:30:00.000Z",
                     *       "lastAt": "2026-11-21T10:05:00.000Z",
                     *       "readAt": "2026-11-21T10:06:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Notification"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    readAllNotifications: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description How many were marked read */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "updated": 4
                     *     }
                     */
                    "application/json": components["schemas"]["NotificationsReadAll"];
                };
            };
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listDocuments: {
        parameters: {
            query: {
                limit?: number;
                cursor?: string;
                parentType: "site" | "asset" | "work-order" | "request";
                parentId: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, parentType, parentId, clientId, fileName, contentType, sizeBytes, sha256, tags, status, uploadedBy, uploadedBy.subject, uploadedBy.username, availableAt, rejectedReason, previousParent, previousParent.type, previousParent.id, download, download.url, download.expiresAt (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7D0C",
                     *           "version": 1,
                     *           "createdAt": "2026-11-21T09:30:00.000Z",
                     *           "updatedAt": "2026-11-21T09:30:00.000Z",
                     *           "parentType": "request",
                     *           "parentId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7R3Q",
                     *           "clientId": "01JC8Y5T0000000000ACME0001",
                     *           "fileName": "fuite-trottoir.jpg",
                     *           "contentType": "image/jpeg",
                     *           "sizeBytes": 482113,
                     *           "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                     *           "tags": [
                     *             "photo"
                     *           ],
                     *           "status": "pending",
                     *           "uploadedBy": {
                     *             "subject": "b3f1c2d4-0000-4000-8000-000000000004",
                     *             "username": "client@hydrant.local"
                     *           },
                     *           "availableAt": null,
                     *           "rejectedReason": null
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["Document"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    createDocument: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry safe: the first answer (5xx included) is kept 24 hours and replayed for the same key and payload; another payload is 422, a request still running 409.
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "parentType": "request",
                 *       "parentId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7R3Q",
                 *       "fileName": "fuite-trottoir.jpg",
                 *       "contentType": "image/jpeg",
                 *       "sizeBytes": 482113,
                 *       "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                 *       "tags": [
                 *         "photo"
                 *       ]
                 *     }
                 */
                "application/json": {
                    /** @enum {string} */
                    parentType: "site" | "asset" | "work-order" | "request";
                    /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
                    parentId: string;
                    /** @example fuite-trottoir.jpg */
                    fileName: string;
                    /**
                     * @description One of the allowed media types
                     * @enum {string}
                     */
                    contentType: "image/jpeg" | "image/png" | "image/webp" | "image/heic" | "video/mp4" | "application/pdf" | "text/plain" | "text/csv" | "audio/wav" | "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" | "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
                    /** @description At most 52428800 bytes (50 MiB) */
                    sizeBytes: number;
                    sha256: string;
                    tags?: string[];
                };
            };
        };
        responses: {
            /** @description Declared (pending); PUT the bytes to upload.url with upload.headers before upload.expiresAt */
            201: {
                headers: {
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "document": {
                     *         "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7D0C",
                     *         "version": 1,
                     *         "createdAt": "2026-11-21T09:30:00.000Z",
                     *         "updatedAt": "2026-11-21T09:30:00.000Z",
                     *         "parentType": "request",
                     *         "parentId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7R3Q",
                     *         "clientId": "01JC8Y5T0000000000ACME0001",
                     *         "fileName": "fuite-trottoir.jpg",
                     *         "contentType": "image/jpeg",
                     *         "sizeBytes": 482113,
                     *         "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                     *         "tags": [
                     *           "photo"
                     *         ],
                     *         "status": "pending",
                     *         "uploadedBy": {
                     *           "subject": "b3f1c2d4-0000-4000-8000-000000000004",
                     *           "username": "client@hydrant.local"
                     *         },
                     *         "availableAt": null,
                     *         "rejectedReason": null
                     *       },
                     *       "upload": {
                     *         "url": "https://hydrant-documents.s3.eu-west-3.amazonaws.com/documents/...",
                     *         "method": "PUT",
                     *         "headers": {
                     *           "content-type": "image/jpeg"
                     *         },
                     *         "expiresAt": "2026-11-21T09:35:00.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["DocumentUpload"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getDocument: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, parentType, parentId, clientId, fileName, contentType, sizeBytes, sha256, tags, status, uploadedBy, uploadedBy.subject, uploadedBy.username, availableAt, rejectedReason, previousParent, previousParent.type, previousParent.id, download, download.url, download.expiresAt (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Found */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7D0C",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "parentType": "request",
                     *       "parentId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7R3Q",
                     *       "clientId": "01JC8Y5T0000000000ACME0001",
                     *       "fileName": "fuite-trottoir.jpg",
                     *       "contentType": "image/jpeg",
                     *       "sizeBytes": 482113,
                     *       "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                     *       "tags": [
                     *         "photo"
                     *       ],
                     *       "status": "available",
                     *       "uploadedBy": {
                     *         "subject": "b3f1c2d4-0000-4000-8000-000000000004",
                     *         "username": "client@hydrant.local"
                     *       },
                     *       "availableAt": null,
                     *       "rejectedReason": null,
                     *       "download": {
                     *         "url": "https://...",
                     *         "expiresAt": "2026-11-21T09:40:00.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Document"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    deleteDocument: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listServiceRequests: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                status?: "open" | "converted";
                clientId?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, clientId, kind, title, description, location, location.lat, location.lon, address, siteId, assetId, priority, status, workOrderId, convertedAt, convertedBy, convertedBy.subject, convertedBy.username, requestedBy, requestedBy.subject, requestedBy.username (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7R3Q",
                     *           "version": 1,
                     *           "createdAt": "2026-11-21T09:30:00.000Z",
                     *           "updatedAt": "2026-11-21T09:30:00.000Z",
                     *           "clientId": "01JC8Y5T0000000000ACME0001",
                     *           "kind": "leak",
                     *           "title": "Fuite sur le trottoir devant le 14",
                     *           "description": "De l'eau sort du regard depuis ce matin",
                     *           "location": {
                     *             "lat": 45.7597,
                     *             "lon": 4.8422
                     *           },
                     *           "address": "14 rue Garibaldi, 69006 Lyon",
                     *           "siteId": null,
                     *           "assetId": null,
                     *           "priority": "high",
                     *           "status": "open",
                     *           "workOrderId": null,
                     *           "convertedAt": null,
                     *           "convertedBy": null,
                     *           "requestedBy": {
                     *             "subject": "b3f1c2d4-0000-4000-8000-000000000004",
                     *             "username": "client@hydrant.local"
                     *           }
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["ServiceRequest"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    createServiceRequest: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry safe: the first answer (5xx included) is kept 24 hours and replayed for the same key and payload; another payload is 422, a request still running 409.
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "kind": "leak",
                 *       "title": "Fuite sur le trottoir devant le 14",
                 *       "description": "De l'eau sort du regard depuis ce matin",
                 *       "location": {
                 *         "lat": 45.7597,
                 *         "lon": 4.8422
                 *       },
                 *       "address": "14 rue Garibaldi, 69006 Lyon"
                 *     }
                 */
                "application/json": {
                    /** @enum {string} */
                    kind: "leak" | "low-pressure" | "no-water" | "water-quality" | "damaged-hydrant" | "meter-issue" | "other";
                    title: string;
                    description?: string;
                    location?: {
                        lat: number;
                        lon: number;
                    };
                    address?: string;
                    /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
                    siteId?: string;
                    /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
                    assetId?: string;
                    /**
                     * @description Staff only, on behalf of a client; a client user's requests are always its own client's
                     * @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B
                     */
                    clientId?: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    ETag?: string;
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7R3Q",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "clientId": "01JC8Y5T0000000000ACME0001",
                     *       "kind": "leak",
                     *       "title": "Fuite sur le trottoir devant le 14",
                     *       "description": "De l'eau sort du regard depuis ce matin",
                     *       "location": {
                     *         "lat": 45.7597,
                     *         "lon": 4.8422
                     *       },
                     *       "address": "14 rue Garibaldi, 69006 Lyon",
                     *       "siteId": null,
                     *       "assetId": null,
                     *       "priority": "high",
                     *       "status": "open",
                     *       "workOrderId": null,
                     *       "convertedAt": null,
                     *       "convertedBy": null,
                     *       "requestedBy": {
                     *         "subject": "b3f1c2d4-0000-4000-8000-000000000004",
                     *         "username": "client@hydrant.local"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["ServiceRequest"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getServiceRequest: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, clientId, kind, title, description, location, location.lat, location.lon, address, siteId, assetId, priority, status, workOrderId, convertedAt, convertedBy, convertedBy.subject, convertedBy.username, requestedBy, requestedBy.subject, requestedBy.username (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: {
                "If-None-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Found */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7R3Q",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "clientId": "01JC8Y5T0000000000ACME0001",
                     *       "kind": "leak",
                     *       "title": "Fuite sur le trottoir devant le 14",
                     *       "description": "De l'eau sort du regard depuis ce matin",
                     *       "location": {
                     *         "lat": 45.7597,
                     *         "lon": 4.8422
                     *       },
                     *       "address": "14 rue Garibaldi, 69006 Lyon",
                     *       "siteId": null,
                     *       "assetId": null,
                     *       "priority": "high",
                     *       "status": "open",
                     *       "workOrderId": null,
                     *       "convertedAt": null,
                     *       "convertedBy": null,
                     *       "requestedBy": {
                     *         "subject": "b3f1c2d4-0000-4000-8000-000000000004",
                     *         "username": "client@hydrant.local"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["ServiceRequest"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    convertServiceRequest: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry safe: the first answer (5xx included) is kept 24 hours and replayed for the same key and payload; another payload is 422, a request still running 409.
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "priority": "high",
                 *       "type": "corrective"
                 *     }
                 */
                "application/json": {
                    /** @description Default: the request's title */
                    title?: string;
                    /**
                     * @description Default: the priority suggested by the request's kind
                     * @enum {string}
                     */
                    priority?: "low" | "normal" | "high" | "critical";
                    /**
                     * @description Default: corrective
                     * @enum {string}
                     */
                    type?: "corrective" | "preventive" | "predictive" | "inspection";
                    /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
                    assetId?: string;
                    /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
                    siteId?: string;
                    /**
                     * Format: date-time
                     * @example 2026-11-21T09:30:00Z
                     */
                    dueAt?: string;
                };
            };
        };
        responses: {
            /** @description Converted; 409 REQUEST_ALREADY_CONVERTED (its detail names the work order it became) */
            201: {
                headers: {
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "request": {
                     *         "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7R3Q",
                     *         "version": 2,
                     *         "createdAt": "2026-11-21T09:30:00.000Z",
                     *         "updatedAt": "2026-11-21T09:30:00.000Z",
                     *         "clientId": "01JC8Y5T0000000000ACME0001",
                     *         "kind": "leak",
                     *         "title": "Fuite sur le trottoir devant le 14",
                     *         "description": "De l'eau sort du regard depuis ce matin",
                     *         "location": {
                     *           "lat": 45.7597,
                     *           "lon": 4.8422
                     *         },
                     *         "address": "14 rue Garibaldi, 69006 Lyon",
                     *         "siteId": null,
                     *         "assetId": null,
                     *         "priority": "high",
                     *         "status": "converted",
                     *         "workOrderId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7W0A",
                     *         "convertedAt": null,
                     *         "convertedBy": null,
                     *         "requestedBy": {
                     *           "subject": "b3f1c2d4-0000-4000-8000-000000000004",
                     *           "username": "client@hydrant.local"
                     *         }
                     *       },
                     *       "workOrder": {
                     *         "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7W0A"
                     *       },
                     *       "movedDocuments": 2
                     *     }
                     */
                    "application/json": components["schemas"]["ConvertedServiceRequest"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listWorkOrders: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                status?: "open" | "scheduled" | "in_progress" | "on_hold" | "completed" | "closed" | "cancelled";
                priority?: "low" | "normal" | "high" | "critical";
                type?: "corrective" | "preventive" | "predictive" | "inspection";
                assetId?: string;
                siteId?: string;
                clientId?: string;
                technicianId?: string;
                overdue?: "true" | "false";
                from?: string;
                to?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, title, description, type, priority, status, source, sourceRef, assetId, siteId, clientId, dueAt, requiredSkills, estimatedMinutes, checklist, requiresSignature, signature, signature.signedBy, signature.signedAt, signature.image, assignedTechnicianId, scheduledStart, parentWorkOrderId, startedAt, completedAt, closedAt, createdBy (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "01JD6A1B2C3D4E5F6G7H8J9K0M",
                     *           "version": 1,
                     *           "createdAt": "2026-11-21T09:30:00.000Z",
                     *           "updatedAt": "2026-11-21T09:30:00.000Z",
                     *           "title": "Pompe P1: vibrations anormales",
                     *           "description": "Vibrations relevées par le capteur VIB_001 au-dessus du seuil.",
                     *           "type": "corrective",
                     *           "priority": "high",
                     *           "status": "open",
                     *           "source": "manual",
                     *           "sourceRef": null,
                     *           "assetId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A9C",
                     *           "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *           "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *           "dueAt": "2026-11-22T09:30:00.000Z",
                     *           "requiredSkills": [
                     *             "hydraulics"
                     *           ],
                     *           "estimatedMinutes": 120,
                     *           "checklist": [
                     *             {
                     *               "id": "item-1",
                     *               "label": "Pression de refoulement",
                     *               "kind": "measurement",
                     *               "unit": "bar",
                     *               "min": 3,
                     *               "max": 6,
                     *               "result": null
                     *             }
                     *           ],
                     *           "requiresSignature": true,
                     *           "signature": null,
                     *           "assignedTechnicianId": null,
                     *           "scheduledStart": null,
                     *           "parentWorkOrderId": null,
                     *           "startedAt": null,
                     *           "completedAt": null,
                     *           "closedAt": null,
                     *           "createdBy": "manager@hydrant.local"
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["WorkOrder"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    createWorkOrder: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry safe: the first answer (5xx included) is kept 24 hours and replayed for the same key and payload; another payload is 422, a request still running 409.
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "title": "Pompe P1: vibrations anormales",
                 *       "description": "Vibrations relevées par le capteur VIB_001 au-dessus du seuil.",
                 *       "type": "corrective",
                 *       "priority": "high",
                 *       "assetId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A9C",
                 *       "requiredSkills": [
                 *         "hydraulics"
                 *       ],
                 *       "estimatedMinutes": 120,
                 *       "checklist": [
                 *         {
                 *           "label": "Pression de refoulement",
                 *           "kind": "measurement",
                 *           "unit": "bar",
                 *           "min": 3,
                 *           "max": 6
                 *         }
                 *       ],
                 *       "requiresSignature": true
                 *     }
                 */
                "application/json": {
                    title: string;
                    description?: string;
                    /** @enum {string} */
                    type: "corrective" | "preventive" | "predictive" | "inspection";
                    /**
                     * @default normal
                     * @enum {string}
                     */
                    priority?: "low" | "normal" | "high" | "critical";
                    /**
                     * @default manual
                     * @enum {string}
                     */
                    source?: "manual" | "alert" | "request" | "preventive";
                    /** @description The alert, request or plan the work order came from */
                    sourceRef?: string;
                    /**
                     * @description Sets siteId and clientId from the asset
                     * @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B
                     */
                    assetId?: string;
                    /**
                     * @description Sets clientId from the site
                     * @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B
                     */
                    siteId?: string;
                    /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
                    clientId?: string;
                    /**
                     * Format: date-time
                     * @description Defaults from the SLA of the priority: critical 4 h, high 24 h, normal 72 h, low 7 days
                     * @example 2026-11-21T09:30:00Z
                     */
                    dueAt?: string;
                    requiredSkills?: string[];
                    estimatedMinutes?: number;
                    checklist?: {
                        /** @description Defaults to item-<n> */
                        id?: string;
                        label: string;
                        /** @enum {string} */
                        kind: "pass_fail" | "measurement";
                        unit?: string;
                        min?: number;
                        max?: number;
                    }[];
                    /** @default false */
                    requiresSignature?: boolean;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    ETag?: string;
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD6A1B2C3D4E5F6G7H8J9K0M",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "title": "Pompe P1: vibrations anormales",
                     *       "description": "Vibrations relevées par le capteur VIB_001 au-dessus du seuil.",
                     *       "type": "corrective",
                     *       "priority": "high",
                     *       "status": "open",
                     *       "source": "manual",
                     *       "sourceRef": null,
                     *       "assetId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A9C",
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *       "dueAt": "2026-11-22T09:30:00.000Z",
                     *       "requiredSkills": [
                     *         "hydraulics"
                     *       ],
                     *       "estimatedMinutes": 120,
                     *       "checklist": [
                     *         {
                     *           "id": "item-1",
                     *           "label": "Pression de refoulement",
                     *           "kind": "measurement",
                     *           "unit": "bar",
                     *           "min": 3,
                     *           "max": 6,
                     *           "result": null
                     *         }
                     *       ],
                     *       "requiresSignature": true,
                     *       "signature": null,
                     *       "assignedTechnicianId": null,
                     *       "scheduledStart": null,
                     *       "parentWorkOrderId": null,
                     *       "startedAt": null,
                     *       "completedAt": null,
                     *       "closedAt": null,
                     *       "createdBy": "manager@hydrant.local"
                     *     }
                     */
                    "application/json": components["schemas"]["WorkOrder"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getWorkOrder: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, title, description, type, priority, status, source, sourceRef, assetId, siteId, clientId, dueAt, requiredSkills, estimatedMinutes, checklist, requiresSignature, signature, signature.signedBy, signature.signedAt, signature.image, assignedTechnicianId, scheduledStart, parentWorkOrderId, startedAt, completedAt, closedAt, createdBy (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: {
                "If-None-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Found */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD6A1B2C3D4E5F6G7H8J9K0M",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "title": "Pompe P1: vibrations anormales",
                     *       "description": "Vibrations relevées par le capteur VIB_001 au-dessus du seuil.",
                     *       "type": "corrective",
                     *       "priority": "high",
                     *       "status": "open",
                     *       "source": "manual",
                     *       "sourceRef": null,
                     *       "assetId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A9C",
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *       "dueAt": "2026-11-22T09:30:00.000Z",
                     *       "requiredSkills": [
                     *         "hydraulics"
                     *       ],
                     *       "estimatedMinutes": 120,
                     *       "checklist": [
                     *         {
                     *           "id": "item-1",
                     *           "label": "Pression de refoulement",
                     *           "kind": "measurement",
                     *           "unit": "bar",
                     *           "min": 3,
                     *           "max": 6,
                     *           "result": null
                     *         }
                     *       ],
                     *       "requiresSignature": true,
                     *       "signature": null,
                     *       "assignedTechnicianId": null,
                     *       "scheduledStart": null,
                     *       "parentWorkOrderId": null,
                     *       "startedAt": null,
                     *       "completedAt": null,
                     *       "closedAt": null,
                     *       "createdBy": "manager@hydrant.local"
                     *     }
                     */
                    "application/json": components["schemas"]["WorkOrder"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    updateWorkOrder: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "priority": "critical"
                 *     }
                 */
                "application/json": {
                    title?: string;
                    description?: string;
                    /** @enum {string} */
                    priority?: "low" | "normal" | "high" | "critical";
                    /**
                     * Format: date-time
                     * @example 2026-11-21T09:30:00Z
                     */
                    dueAt?: string;
                    requiredSkills?: string[];
                    estimatedMinutes?: number | null;
                    /** @description Replaces the checklist (only before work starts) */
                    checklist?: {
                        /** @description Defaults to item-<n> */
                        id?: string;
                        label: string;
                        /** @enum {string} */
                        kind: "pass_fail" | "measurement";
                        unit?: string;
                        min?: number;
                        max?: number;
                    }[];
                    requiresSignature?: boolean;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD6A1B2C3D4E5F6G7H8J9K0M",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "title": "Pompe P1: vibrations anormales",
                     *       "description": "Vibrations relevées par le capteur VIB_001 au-dessus du seuil.",
                     *       "type": "corrective",
                     *       "priority": "high",
                     *       "status": "open",
                     *       "source": "manual",
                     *       "sourceRef": null,
                     *       "assetId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A9C",
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *       "dueAt": "2026-11-22T09:30:00.000Z",
                     *       "requiredSkills": [
                     *         "hydraulics"
                     *       ],
                     *       "estimatedMinutes": 120,
                     *       "checklist": [
                     *         {
                     *           "id": "item-1",
                     *           "label": "Pression de refoulement",
                     *           "kind": "measurement",
                     *           "unit": "bar",
                     *           "min": 3,
                     *           "max": 6,
                     *           "result": null
                     *         }
                     *       ],
                     *       "requiresSignature": true,
                     *       "signature": null,
                     *       "assignedTechnicianId": null,
                     *       "scheduledStart": null,
                     *       "parentWorkOrderId": null,
                     *       "startedAt": null,
                     *       "completedAt": null,
                     *       "closedAt": null,
                     *       "createdBy": "manager@hydrant.local"
                     *     }
                     */
                    "application/json": components["schemas"]["WorkOrder"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    transitionWorkOrder: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
                /**
                 * @description Makes a retry safe: the first answer (5xx included) is kept 24 hours and replayed for the same key and payload; another payload is 422, a request still running 409.
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "to": "scheduled",
                 *       "comment": "Planifié pour demain matin"
                 *     }
                 */
                "application/json": {
                    /** @enum {string} */
                    to: "open" | "scheduled" | "in_progress" | "on_hold" | "completed" | "closed" | "cancelled";
                    comment?: string;
                    /** @description Checklist answers recorded with the move (completion needs every item answered) */
                    checklist?: {
                        itemId: string;
                        passed?: boolean;
                        value?: number;
                        note?: string;
                    }[];
                    /** @description Required to complete a work order that requires a signature */
                    signature?: {
                        signedBy: string;
                        image?: string;
                    };
                };
            };
        };
        responses: {
            /** @description Moved */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD6A1B2C3D4E5F6G7H8J9K0M",
                     *       "version": 2,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "title": "Pompe P1: vibrations anormales",
                     *       "description": "Vibrations relevées par le capteur VIB_001 au-dessus du seuil.",
                     *       "type": "corrective",
                     *       "priority": "high",
                     *       "status": "scheduled",
                     *       "source": "manual",
                     *       "sourceRef": null,
                     *       "assetId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A9C",
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *       "dueAt": "2026-11-22T09:30:00.000Z",
                     *       "requiredSkills": [
                     *         "hydraulics"
                     *       ],
                     *       "estimatedMinutes": 120,
                     *       "checklist": [
                     *         {
                     *           "id": "item-1",
                     *           "label": "Pression de refoulement",
                     *           "kind": "measurement",
                     *           "unit": "bar",
                     *           "min": 3,
                     *           "max": 6,
                     *           "result": null
                     *         }
                     *       ],
                     *       "requiresSignature": true,
                     *       "signature": null,
                     *       "assignedTechnicianId": null,
                     *       "scheduledStart": null,
                     *       "parentWorkOrderId": null,
                     *       "startedAt": null,
                     *       "completedAt": null,
                     *       "closedAt": null,
                     *       "createdBy": "manager@hydrant.local"
                     *     }
                     */
                    "application/json": components["schemas"]["WorkOrder"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listWorkOrderHistory: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of id, workOrderId, at, by, from, to, comment (id is always included)
                 * @example id,workOrderId,at
                 */
                fields?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "01JD6A1B2C3D4E5F6G7H8J9K0N",
                     *           "workOrderId": "01JD6A1B2C3D4E5F6G7H8J9K0M",
                     *           "at": "2026-11-21T10:00:00.000Z",
                     *           "by": "manager@hydrant.local",
                     *           "from": "open",
                     *           "to": "scheduled",
                     *           "comment": "Planifié pour demain matin"
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["WorkOrderHistoryEntry"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    createWorkOrderReport: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry safe: the first answer (5xx included) is kept 24 hours and replayed for the same key and payload; another payload is 422, a request still running 409.
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The report, stored as an available document of the work order, with a short-lived download URL */
            201: {
                headers: {
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7D0C",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "parentType": "work-order",
                     *       "parentId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7W0A",
                     *       "clientId": "01JC8Y5T0000000000ACME0001",
                     *       "fileName": "intervention-report-01JD5Y7Z8M6Q2V3W4X5Y6Z7W0A.pdf",
                     *       "contentType": "application/pdf",
                     *       "sizeBytes": 482113,
                     *       "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                     *       "tags": [
                     *         "report"
                     *       ],
                     *       "status": "available",
                     *       "uploadedBy": {
                     *         "subject": "b3f1c2d4-0000-4000-8000-000000000004",
                     *         "username": "client@hydrant.local"
                     *       },
                     *       "availableAt": "2026-11-21T09:30:01.000Z",
                     *       "rejectedReason": null,
                     *       "download": {
                     *         "url": "https://...",
                     *         "expiresAt": "2026-11-21T09:35:01.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Document"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    assignWorkOrder: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry safe: the first answer (5xx included) is kept 24 hours and replayed for the same key and payload; another payload is 422, a request still running 409.
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "technicianId": "01JD6B0000000000000000TECH",
                 *       "start": "2026-11-23T08:00:00.000Z",
                 *       "durationMinutes": 120
                 *     }
                 */
                "application/json": {
                    /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
                    technicianId: string;
                    /**
                     * Format: date-time
                     * @example 2026-11-21T09:30:00Z
                     */
                    start: string;
                    /** @description Minutes, 15 to 720 */
                    durationMinutes: number;
                };
            };
        };
        responses: {
            /** @description Booked */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "entry": {
                     *         "workOrderId": "01JD6A1B2C3D4E5F6G7H8J9K0M",
                     *         "technicianId": "01JD6B0000000000000000TECH",
                     *         "start": "2026-11-23T08:00:00.000Z",
                     *         "end": "2026-11-23T10:00:00.000Z",
                     *         "durationMinutes": 120,
                     *         "assignedAt": "2026-11-21T09:35:00.000Z",
                     *         "assignedBy": "manager@hydrant.local",
                     *         "workOrder": {
                     *           "title": "Pompe P1: vibrations anormales",
                     *           "priority": "high",
                     *           "status": "scheduled",
                     *           "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *           "assetId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A9C",
                     *           "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D"
                     *         }
                     *       },
                     *       "workOrder": {
                     *         "id": "01JD6A1B2C3D4E5F6G7H8J9K0M",
                     *         "version": 2,
                     *         "createdAt": "2026-11-21T09:30:00.000Z",
                     *         "updatedAt": "2026-11-21T09:30:00.000Z",
                     *         "title": "Pompe P1: vibrations anormales",
                     *         "description": "Vibrations relevées par le capteur VIB_001 au-dessus du seuil.",
                     *         "type": "corrective",
                     *         "priority": "high",
                     *         "status": "scheduled",
                     *         "source": "manual",
                     *         "sourceRef": null,
                     *         "assetId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A9C",
                     *         "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *         "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *         "dueAt": "2026-11-22T09:30:00.000Z",
                     *         "requiredSkills": [
                     *           "hydraulics"
                     *         ],
                     *         "estimatedMinutes": 120,
                     *         "checklist": [
                     *           {
                     *             "id": "item-1",
                     *             "label": "Pression de refoulement",
                     *             "kind": "measurement",
                     *             "unit": "bar",
                     *             "min": 3,
                     *             "max": 6,
                     *             "result": null
                     *           }
                     *         ],
                     *         "requiresSignature": true,
                     *         "signature": null,
                     *         "assignedTechnicianId": null,
                     *         "scheduledStart": null,
                     *         "parentWorkOrderId": null,
                     *         "startedAt": null,
                     *         "completedAt": null,
                     *         "closedAt": null,
                     *         "createdBy": "manager@hydrant.local"
                     *       }
                     *     }
                     */
                    "application/json": {
                        entry: {
                            workOrderId: string;
                            technicianId: string;
                            /**
                             * Format: date-time
                             * @example 2026-11-21T09:30:00Z
                             */
                            start: string;
                            /**
                             * Format: date-time
                             * @example 2026-11-21T09:30:00Z
                             */
                            end: string;
                            durationMinutes: number;
                            /**
                             * Format: date-time
                             * @example 2026-11-21T09:30:00Z
                             */
                            assignedAt: string;
                            assignedBy: string;
                            workOrder: {
                                title: string;
                                /** @enum {string} */
                                priority: "low" | "normal" | "high" | "critical";
                                /** @enum {string} */
                                status: "open" | "scheduled" | "in_progress" | "on_hold" | "completed" | "closed" | "cancelled";
                                siteId: string | null;
                                assetId: string | null;
                                clientId: string | null;
                            };
                        };
                        workOrder: components["schemas"]["WorkOrder"];
                    };
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listWorkOrderCandidates: {
        parameters: {
            query?: {
                start?: string;
                durationMinutes?: number;
                /**
                 * @description Sparse fieldset: a comma-separated list of slot, slot.start, slot.durationMinutes, data (id is always included)
                 * @example slot,slot.start,slot.durationMinutes
                 */
                fields?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ranked technicians */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "slot": {
                     *         "start": "2026-11-23T08:00:00.000Z",
                     *         "durationMinutes": 120
                     *       },
                     *       "data": [
                     *         {
                     *           "rank": 1,
                     *           "technicianId": "01JD6B0000000000000000TECH",
                     *           "name": "Tech Demo",
                     *           "skillMatch": 1,
                     *           "missingSkills": [],
                     *           "available": true,
                     *           "conflicts": [],
                     *           "bookedMinutes": 240,
                     *           "load": 0.09,
                     *           "reasons": [
                     *             "has every required skill (hydraulics)",
                     *             "free in the slot",
                     *             "240 min booked this week (9 % of working time)"
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        slot: {
                            /**
                             * Format: date-time
                             * @example 2026-11-21T09:30:00Z
                             */
                            start: string;
                            durationMinutes: number;
                        };
                        data: {
                            rank: number;
                            technicianId: string;
                            name: string;
                            skillMatch: number;
                            missingSkills: string[];
                            available: boolean;
                            conflicts: ({
                                /** @constant */
                                kind: "overlap";
                                workOrderId: string;
                                /**
                                 * Format: date-time
                                 * @example 2026-11-21T09:30:00Z
                                 */
                                start: string;
                                /**
                                 * Format: date-time
                                 * @example 2026-11-21T09:30:00Z
                                 */
                                end: string;
                            } | {
                                /** @constant */
                                kind: "day-off";
                                /** Format: date */
                                date: string;
                                reason: string | null;
                            } | {
                                /** @constant */
                                kind: "outside-working-hours";
                                localStart: string;
                                localEnd: string;
                                timeZone: string;
                            })[];
                            bookedMinutes: number;
                            load: number;
                            reasons: string[];
                        }[];
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listTechnicians: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                active?: "true" | "false";
                skill?: "hydraulics" | "electrical" | "instrumentation" | "leak-detection";
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, name, userId, email, phone, skills, level, active, homeBase, homeBase.address, homeBase.location, homeBase.location.lat, homeBase.location.lon, workingHours, workingHours.timeZone, workingHours.periods, daysOff (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "01JD6B1B2C3D4E5F6G7H8J9K0M",
                     *           "version": 1,
                     *           "createdAt": "2026-11-21T09:30:00.000Z",
                     *           "updatedAt": "2026-11-21T09:30:00.000Z",
                     *           "name": "Théo Technicien",
                     *           "userId": "tech@hydrant.local",
                     *           "email": "tech@hydrant.local",
                     *           "phone": "+33 6 12 34 56 78",
                     *           "skills": [
                     *             "hydraulics",
                     *             "leak-detection"
                     *           ],
                     *           "level": "confirmed",
                     *           "active": true,
                     *           "homeBase": {
                     *             "address": "8 quai Perrache, 69002 Lyon",
                     *             "location": {
                     *               "lat": 45.7485,
                     *               "lon": 4.8262
                     *             }
                     *           },
                     *           "workingHours": {
                     *             "timeZone": "Europe/Paris",
                     *             "periods": [
                     *               {
                     *                 "day": "mon",
                     *                 "start": "08:00",
                     *                 "end": "17:00"
                     *               },
                     *               {
                     *                 "day": "tue",
                     *                 "start": "08:00",
                     *                 "end": "17:00"
                     *               },
                     *               {
                     *                 "day": "wed",
                     *                 "start": "08:00",
                     *                 "end": "17:00"
                     *               },
                     *               {
                     *                 "day": "thu",
                     *                 "start": "08:00",
                     *                 "end": "17:00"
                     *               },
                     *               {
                     *                 "day": "fri",
                     *                 "start": "08:00",
                     *                 "end": "17:00"
                     *               }
                     *             ]
                     *           },
                     *           "daysOff": [
                     *             {
                     *               "from": "2026-12-24",
                     *               "to": "2026-12-26",
                     *               "reason": "Congés"
                     *             }
                     *           ]
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["Technician"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    createTechnician: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry safe: the first answer (5xx included) is kept 24 hours and replayed for the same key and payload; another payload is 422, a request still running 409.
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Théo Technicien",
                 *       "userId": "tech@hydrant.local",
                 *       "email": "tech@hydrant.local",
                 *       "skills": [
                 *         "hydraulics",
                 *         "leak-detection"
                 *       ],
                 *       "level": "confirmed",
                 *       "homeBase": {
                 *         "address": "8 quai Perrache, 69002 Lyon",
                 *         "location": {
                 *           "lat": 45.7485,
                 *           "lon": 4.8262
                 *         }
                 *       },
                 *       "workingHours": {
                 *         "timeZone": "Europe/Paris",
                 *         "periods": [
                 *           {
                 *             "day": "mon",
                 *             "start": "08:00",
                 *             "end": "17:00"
                 *           },
                 *           {
                 *             "day": "tue",
                 *             "start": "08:00",
                 *             "end": "17:00"
                 *           },
                 *           {
                 *             "day": "wed",
                 *             "start": "08:00",
                 *             "end": "17:00"
                 *           },
                 *           {
                 *             "day": "thu",
                 *             "start": "08:00",
                 *             "end": "17:00"
                 *           },
                 *           {
                 *             "day": "fri",
                 *             "start": "08:00",
                 *             "end": "17:00"
                 *           }
                 *         ]
                 *       }
                 *     }
                 */
                "application/json": {
                    name: string;
                    /** @description The linked user (Cognito username or sub) */
                    userId?: string;
                    /** Format: email */
                    email?: string;
                    phone?: string;
                    skills: ("hydraulics" | "electrical" | "instrumentation" | "leak-detection")[];
                    /** @enum {string} */
                    level?: "junior" | "confirmed" | "senior" | "expert";
                    active?: boolean;
                    homeBase?: {
                        address: string;
                        location?: {
                            lat: number;
                            lon: number;
                        };
                    };
                    /** @description Defaults to Monday-Friday 08:00-17:00 Europe/Paris */
                    workingHours?: {
                        /** @example Europe/Paris */
                        timeZone: string;
                        periods: {
                            /** @enum {string} */
                            day: "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";
                            start: string;
                            end: string;
                        }[];
                    };
                    daysOff?: {
                        /** Format: date */
                        from: string;
                        /** Format: date */
                        to: string;
                        reason?: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    ETag?: string;
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD6B1B2C3D4E5F6G7H8J9K0M",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "Théo Technicien",
                     *       "userId": "tech@hydrant.local",
                     *       "email": "tech@hydrant.local",
                     *       "phone": "+33 6 12 34 56 78",
                     *       "skills": [
                     *         "hydraulics",
                     *         "leak-detection"
                     *       ],
                     *       "level": "confirmed",
                     *       "active": true,
                     *       "homeBase": {
                     *         "address": "8 quai Perrache, 69002 Lyon",
                     *         "location": {
                     *           "lat": 45.7485,
                     *           "lon": 4.8262
                     *         }
                     *       },
                     *       "workingHours": {
                     *         "timeZone": "Europe/Paris",
                     *         "periods": [
                     *           {
                     *             "day": "mon",
                     *             "start": "08:00",
                     *             "end": "17:00"
                     *           },
                     *           {
                     *             "day": "tue",
                     *             "start": "08:00",
                     *             "end": "17:00"
                     *           },
                     *           {
                     *             "day": "wed",
                     *             "start": "08:00",
                     *             "end": "17:00"
                     *           },
                     *           {
                     *             "day": "thu",
                     *             "start": "08:00",
                     *             "end": "17:00"
                     *           },
                     *           {
                     *             "day": "fri",
                     *             "start": "08:00",
                     *             "end": "17:00"
                     *           }
                     *         ]
                     *       },
                     *       "daysOff": [
                     *         {
                     *           "from": "2026-12-24",
                     *           "to": "2026-12-26",
                     *           "reason": "Congés"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Technician"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getTechnician: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, name, userId, email, phone, skills, level, active, homeBase, homeBase.address, homeBase.location, homeBase.location.lat, homeBase.location.lon, workingHours, workingHours.timeZone, workingHours.periods, daysOff (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: {
                "If-None-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Found */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD6B1B2C3D4E5F6G7H8J9K0M",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "Théo Technicien",
                     *       "userId": "tech@hydrant.local",
                     *       "email": "tech@hydrant.local",
                     *       "phone": "+33 6 12 34 56 78",
                     *       "skills": [
                     *         "hydraulics",
                     *         "leak-detection"
                     *       ],
                     *       "level": "confirmed",
                     *       "active": true,
                     *       "homeBase": {
                     *         "address": "8 quai Perrache, 69002 Lyon",
                     *         "location": {
                     *           "lat": 45.7485,
                     *           "lon": 4.8262
                     *         }
                     *       },
                     *       "workingHours": {
                     *         "timeZone": "Europe/Paris",
                     *         "periods": [
                     *           {
                     *             "day": "mon",
                     *             "start": "08:00",
                     *             "end": "17:00"
                     *           },
                     *           {
                     *             "day": "tue",
                     *             "start": "08:00",
                     *             "end": "17:00"
                     *           },
                     *           {
                     *             "day": "wed",
                     *             "start": "08:00",
                     *             "end": "17:00"
                     *           },
                     *           {
                     *             "day": "thu",
                     *             "start": "08:00",
                     *             "end": "17:00"
                     *           },
                     *           {
                     *             "day": "fri",
                     *             "start": "08:00",
                     *             "end": "17:00"
                     *           }
                     *         ]
                     *       },
                     *       "daysOff": [
                     *         {
                     *           "from": "2026-12-24",
                     *           "to": "2026-12-26",
                     *           "reason": "Congés"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Technician"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    updateTechnician: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "skills": [
                 *         "hydraulics",
                 *         "leak-detection",
                 *         "instrumentation"
                 *       ]
                 *     }
                 */
                "application/json": {
                    name?: string;
                    userId?: string | null;
                    email?: string | null;
                    phone?: string | null;
                    skills?: ("hydraulics" | "electrical" | "instrumentation" | "leak-detection")[];
                    /** @enum {string} */
                    level?: "junior" | "confirmed" | "senior" | "expert";
                    active?: boolean;
                    homeBase?: {
                        address: string;
                        location?: {
                            lat: number;
                            lon: number;
                        };
                    } | null;
                    workingHours?: {
                        /** @example Europe/Paris */
                        timeZone: string;
                        periods: {
                            /** @enum {string} */
                            day: "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";
                            start: string;
                            end: string;
                        }[];
                    };
                    daysOff?: {
                        /** Format: date */
                        from: string;
                        /** Format: date */
                        to: string;
                        reason?: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD6B1B2C3D4E5F6G7H8J9K0M",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "Théo Technicien",
                     *       "userId": "tech@hydrant.local",
                     *       "email": "tech@hydrant.local",
                     *       "phone": "+33 6 12 34 56 78",
                     *       "skills": [
                     *         "hydraulics",
                     *         "leak-detection"
                     *       ],
                     *       "level": "confirmed",
                     *       "active": true,
                     *       "homeBase": {
                     *         "address": "8 quai Perrache, 69002 Lyon",
                     *         "location": {
                     *           "lat": 45.7485,
                     *           "lon": 4.8262
                     *         }
                     *       },
                     *       "workingHours": {
                     *         "timeZone": "Europe/Paris",
                     *         "periods": [
                     *           {
                     *             "day": "mon",
                     *             "start": "08:00",
                     *             "end": "17:00"
                     *           },
                     *           {
                     *             "day": "tue",
                     *             "start": "08:00",
                     *             "end": "17:00"
                     *           },
                     *           {
                     *             "day": "wed",
                     *             "start": "08:00",
                     *             "end": "17:00"
                     *           },
                     *           {
                     *             "day": "thu",
                     *             "start": "08:00",
                     *             "end": "17:00"
                     *           },
                     *           {
                     *             "day": "fri",
                     *             "start": "08:00",
                     *             "end": "17:00"
                     *           }
                     *         ]
                     *       },
                     *       "daysOff": [
                     *         {
                     *           "from": "2026-12-24",
                     *           "to": "2026-12-26",
                     *           "reason": "Congés"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Technician"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listClients: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                search?: string;
                status?: "active" | "inactive";
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, name, email, phone, address, status (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "01JC8Y5T0000000000ACME0001",
                     *           "version": 1,
                     *           "createdAt": "2026-11-21T09:30:00.000Z",
                     *           "updatedAt": "2026-11-21T09:30:00.000Z",
                     *           "name": "Acme Water",
                     *           "email": "contact@acme-water.example",
                     *           "phone": "+33 4 72 00 00 01",
                     *           "address": "1 avenue de l’Eau, 69003 Lyon",
                     *           "status": "active"
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["Client"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    createClient: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry safe: the first answer (5xx included) is kept 24 hours and replayed for the same key and payload; another payload is 422, a request still running 409.
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Blue River",
                 *       "email": "exploitation@blue-river.example",
                 *       "phone": "+33 4 78 00 00 02",
                 *       "address": "4 chemin du Rhône, 69100 Villeurbanne"
                 *     }
                 */
                "application/json": {
                    name: string;
                    /** Format: email */
                    email?: string;
                    phone?: string;
                    address?: string;
                    /** @enum {string} */
                    status?: "active" | "inactive";
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    ETag?: string;
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JC8Y5T0000000000ACME0001",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "Acme Water",
                     *       "email": "contact@acme-water.example",
                     *       "phone": "+33 4 72 00 00 01",
                     *       "address": "1 avenue de l’Eau, 69003 Lyon",
                     *       "status": "active"
                     *     }
                     */
                    "application/json": components["schemas"]["Client"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getClient: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, name, email, phone, address, status (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: {
                "If-None-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Found */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JC8Y5T0000000000ACME0001",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "Acme Water",
                     *       "email": "contact@acme-water.example",
                     *       "phone": "+33 4 72 00 00 01",
                     *       "address": "1 avenue de l’Eau, 69003 Lyon",
                     *       "status": "active"
                     *     }
                     */
                    "application/json": components["schemas"]["Client"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    deleteClient: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    updateClient: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "status": "inactive"
                 *     }
                 */
                "application/json": {
                    name?: string;
                    email?: string | null;
                    phone?: string | null;
                    address?: string | null;
                    /** @enum {string} */
                    status?: "active" | "inactive";
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JC8Y5T0000000000ACME0001",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "Acme Water",
                     *       "email": "contact@acme-water.example",
                     *       "phone": "+33 4 72 00 00 01",
                     *       "address": "1 avenue de l’Eau, 69003 Lyon",
                     *       "status": "active"
                     *     }
                     */
                    "application/json": components["schemas"]["Client"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listUsers: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                role?: "admin" | "manager" | "technician" | "client";
                active?: "true" | "false";
                search?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, email, givenName, familyName, role, clientId, active, technicianId, consent, consent.policyVersion, consent.acceptedAt (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "7d3f2a10-5b1c-4e8a-9f0d-2c4b6e8a1f3d",
                     *           "version": 1,
                     *           "createdAt": "2026-11-21T09:30:00.000Z",
                     *           "updatedAt": "2026-11-21T09:30:00.000Z",
                     *           "email": "new.tech@hydrant.local",
                     *           "givenName": "Camille",
                     *           "familyName": "Martin",
                     *           "role": "technician",
                     *           "clientId": null,
                     *           "active": true,
                     *           "technicianId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *           "consent": null
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["User"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "new.tech@hydrant.local",
                 *       "givenName": "Camille",
                 *       "familyName": "Martin",
                 *       "role": "technician"
                 *     }
                 */
                "application/json": {
                    /** Format: email */
                    email: string;
                    givenName: string;
                    familyName: string;
                    /** @enum {string} */
                    role: "admin" | "manager" | "technician" | "client";
                    /**
                     * @description Required for client users, forbidden otherwise; an existing client
                     * @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B
                     */
                    clientId?: string;
                    active?: boolean;
                    /**
                     * @description Technicians: link this existing technician profile instead of creating one
                     * @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B
                     */
                    technicianId?: string;
                };
            };
        };
        responses: {
            /** @description Created; the invitation e-mail carries the temporary password */
            201: {
                headers: {
                    ETag?: string;
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "7d3f2a10-5b1c-4e8a-9f0d-2c4b6e8a1f3d",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "email": "new.tech@hydrant.local",
                     *       "givenName": "Camille",
                     *       "familyName": "Martin",
                     *       "role": "technician",
                     *       "clientId": null,
                     *       "active": true,
                     *       "technicianId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "consent": null
                     *     }
                     */
                    "application/json": components["schemas"]["CreatedUser"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getUser: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, email, givenName, familyName, role, clientId, active, technicianId, consent, consent.policyVersion, consent.acceptedAt (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: {
                "If-None-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Found */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "7d3f2a10-5b1c-4e8a-9f0d-2c4b6e8a1f3d",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "email": "new.tech@hydrant.local",
                     *       "givenName": "Camille",
                     *       "familyName": "Martin",
                     *       "role": "technician",
                     *       "clientId": null,
                     *       "active": true,
                     *       "technicianId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "consent": null
                     *     }
                     */
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    eraseUser: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Erased */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "role": "manager"
                 *     }
                 */
                "application/json": {
                    givenName?: string;
                    familyName?: string;
                    /**
                     * @description Moves the user between Cognito groups; takes effect at their next token
                     * @enum {string}
                     */
                    role?: "admin" | "manager" | "technician" | "client";
                    clientId?: string | null;
                    /** @description false disables the account and signs it out everywhere */
                    active?: boolean;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "7d3f2a10-5b1c-4e8a-9f0d-2c4b6e8a1f3d",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "email": "new.tech@hydrant.local",
                     *       "givenName": "Camille",
                     *       "familyName": "Martin",
                     *       "role": "technician",
                     *       "clientId": null,
                     *       "active": true,
                     *       "technicianId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "consent": null
                     *     }
                     */
                    "application/json": components["schemas"]["User"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    exportUser: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of exportedAt, userId, account, user, user.id, user.version, user.createdAt, user.updatedAt, user.email, user.givenName, user.familyName, user.role, user.clientId, user.active, user.technicianId, user.consent, user.consent.policyVersion, user.consent.acceptedAt, technician, workOrders, workOrderHistory, timeEntries, scheduleEntries, notifications, serviceRequests, documents (id is always included)
                 * @example exportedAt,userId,account
                 */
                fields?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Everything Hydrant holds about the user */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "exportedAt": "2026-11-21T09:30:00.000Z",
                     *       "userId": "7d3f2a10-5b1c-4e8a-9f0d-2c4b6e8a1f3d",
                     *       "account": {
                     *         "email": "new.tech@hydrant.local",
                     *         "status": "CONFIRMED",
                     *         "groups": [
                     *           "technician"
                     *         ]
                     *       },
                     *       "user": {
                     *         "id": "7d3f2a10-5b1c-4e8a-9f0d-2c4b6e8a1f3d",
                     *         "version": 1,
                     *         "createdAt": "2026-11-21T09:30:00.000Z",
                     *         "updatedAt": "2026-11-21T09:30:00.000Z",
                     *         "email": "new.tech@hydrant.local",
                     *         "givenName": "Camille",
                     *         "familyName": "Martin",
                     *         "role": "technician",
                     *         "clientId": null,
                     *         "active": true,
                     *         "technicianId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *         "consent": null
                     *       },
                     *       "technician": null,
                     *       "workOrders": [],
                     *       "workOrderHistory": [],
                     *       "timeEntries": [],
                     *       "scheduleEntries": [],
                     *       "notifications": [],
                     *       "serviceRequests": [],
                     *       "documents": []
                     *     }
                     */
                    "application/json": components["schemas"]["UserExport"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getMe: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, email, givenName, familyName, role, clientId, active, technicianId, consent, consent.policyVersion, consent.acceptedAt, consentRequired, currentPolicyVersion (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: {
                "If-None-Match"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "7d3f2a10-5b1c-4e8a-9f0d-2c4b6e8a1f3d",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "email": "new.tech@hydrant.local",
                     *       "givenName": "Camille",
                     *       "familyName": "Martin",
                     *       "role": "technician",
                     *       "clientId": null,
                     *       "active": true,
                     *       "technicianId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "consent": null,
                     *       "consentRequired": true,
                     *       "currentPolicyVersion": "2026-11"
                     *     }
                     */
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    updateMe: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "givenName": "Camille"
                 *     }
                 */
                "application/json": {
                    givenName?: string;
                    familyName?: string;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "7d3f2a10-5b1c-4e8a-9f0d-2c4b6e8a1f3d",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "email": "new.tech@hydrant.local",
                     *       "givenName": "Camille",
                     *       "familyName": "Martin",
                     *       "role": "technician",
                     *       "clientId": null,
                     *       "active": true,
                     *       "technicianId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "consent": null,
                     *       "consentRequired": true,
                     *       "currentPolicyVersion": "2026-11"
                     *     }
                     */
                    "application/json": components["schemas"]["Me"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    changeMyPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "oldPassword": "Hydrant-Demo-2026",
                 *       "newPassword": "Vanne-Rouge-Quai-42"
                 *     }
                 */
                "application/json": {
                    oldPassword: string;
                    newPassword: string;
                };
            };
        };
        responses: {
            /** @description Changed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    recordMyConsent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "policyVersion": "2026-11"
                 *     }
                 */
                "application/json": {
                    policyVersion: string;
                };
            };
        };
        responses: {
            /** @description Recorded */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "7d3f2a10-5b1c-4e8a-9f0d-2c4b6e8a1f3d",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "email": "new.tech@hydrant.local",
                     *       "givenName": "Camille",
                     *       "familyName": "Martin",
                     *       "role": "technician",
                     *       "clientId": null,
                     *       "active": true,
                     *       "technicianId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "consent": {
                     *         "policyVersion": "2026-11",
                     *         "acceptedAt": "2026-11-21T09:30:00.000Z"
                     *       },
                     *       "consentRequired": false,
                     *       "currentPolicyVersion": "2026-11"
                     *     }
                     */
                    "application/json": components["schemas"]["Me"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    exportMyData: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of exportedAt, userId, account, user, user.id, user.version, user.createdAt, user.updatedAt, user.email, user.givenName, user.familyName, user.role, user.clientId, user.active, user.technicianId, user.consent, user.consent.policyVersion, user.consent.acceptedAt, technician, workOrders, workOrderHistory, timeEntries, scheduleEntries, notifications, serviceRequests, documents (id is always included)
                 * @example exportedAt,userId,account
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Everything Hydrant holds about you */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "exportedAt": "2026-11-21T09:30:00.000Z",
                     *       "userId": "7d3f2a10-5b1c-4e8a-9f0d-2c4b6e8a1f3d",
                     *       "account": {
                     *         "email": "new.tech@hydrant.local",
                     *         "status": "CONFIRMED",
                     *         "groups": [
                     *           "technician"
                     *         ]
                     *       },
                     *       "user": {
                     *         "id": "7d3f2a10-5b1c-4e8a-9f0d-2c4b6e8a1f3d",
                     *         "version": 1,
                     *         "createdAt": "2026-11-21T09:30:00.000Z",
                     *         "updatedAt": "2026-11-21T09:30:00.000Z",
                     *         "email": "new.tech@hydrant.local",
                     *         "givenName": "Camille",
                     *         "familyName": "Martin",
                     *         "role": "technician",
                     *         "clientId": null,
                     *         "active": true,
                     *         "technicianId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *         "consent": null
                     *       },
                     *       "technician": null,
                     *       "workOrders": [],
                     *       "workOrderHistory": [],
                     *       "timeEntries": [],
                     *       "scheduleEntries": [],
                     *       "notifications": [],
                     *       "serviceRequests": [],
                     *       "documents": []
                     *     }
                     */
                    "application/json": components["schemas"]["UserExport"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    setupMfa: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The secret and its otpauth URI */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
                     *       "otpauthUri": "otpauth://totp/Hydrant:manager%40hydrant.local?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Hydrant"
                     *     }
                     */
                    "application/json": components["schemas"]["MfaSetup"];
                };
            };
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    verifyMfa: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "code": "123456",
                 *       "deviceName": "Phone"
                 *     }
                 */
                "application/json": {
                    code: string;
                    /** @description A name for the authenticator, e.g. "Phone" */
                    deviceName?: string;
                };
            };
        };
        responses: {
            /** @description TOTP is on */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "enabled": true,
                     *       "type": "TOTP"
                     *     }
                     */
                    "application/json": components["schemas"]["MfaStatus"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    disableMfa: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description TOTP is off */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getDashboard: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of generatedAt, clientId, workOrders, workOrders.open, workOrders.scheduled, workOrders.inProgress, workOrders.onHold, workOrders.overdue, workOrders.critical, workOrders.completedThisWeek, meanTimeToRepairHours, meanTimeBetweenFailuresHours, preventiveCompliance, preventiveCompliance.due, preventiveCompliance.onTime, preventiveCompliance.ratio, backlog, backlog.hours, backlog.withoutEstimate, technicianUtilisation, assetsByStatus, activeAlertsBySeverity (id is always included)
                 * @example generatedAt,clientId,workOrders
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The KPIs now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "generatedAt": "2026-12-05T10:00:00.000Z",
                     *       "clientId": null,
                     *       "workOrders": {
                     *         "open": 4,
                     *         "scheduled": 3,
                     *         "inProgress": 2,
                     *         "onHold": 1,
                     *         "overdue": 1,
                     *         "critical": 1,
                     *         "completedThisWeek": 6
                     *       },
                     *       "meanTimeToRepairHours": 7.5,
                     *       "meanTimeBetweenFailuresHours": {
                     *         "01JD5Y7Z8M6Q2V3W4X5Y6Z7A9C": 412.25
                     *       },
                     *       "preventiveCompliance": {
                     *         "due": 8,
                     *         "onTime": 7,
                     *         "ratio": 0.875
                     *       },
                     *       "backlog": {
                     *         "hours": 14.5,
                     *         "withoutEstimate": 2
                     *       },
                     *       "technicianUtilisation": [
                     *         {
                     *           "technicianId": "01JC8Y5T0000000000TECH0001",
                     *           "bookedMinutes": 1620,
                     *           "loggedMinutes": 1380,
                     *           "availableMinutes": 2700,
                     *           "ratio": 0.6
                     *         }
                     *       ],
                     *       "assetsByStatus": {
                     *         "operational": 5,
                     *         "degraded": 1
                     *       },
                     *       "activeAlertsBySeverity": {
                     *         "major": 2,
                     *         "critical": 1
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Dashboard"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getSchedule: {
        parameters: {
            query: {
                technicianId?: string;
                from: string;
                to: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of data (id is always included)
                 * @example data
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Visits in start order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "workOrderId": "01JD6A1B2C3D4E5F6G7H8J9K0M",
                     *           "technicianId": "01JD6B0000000000000000TECH",
                     *           "start": "2026-11-23T08:00:00.000Z",
                     *           "end": "2026-11-23T10:00:00.000Z",
                     *           "durationMinutes": 120,
                     *           "assignedAt": "2026-11-21T09:35:00.000Z",
                     *           "assignedBy": "manager@hydrant.local",
                     *           "workOrder": {
                     *             "title": "Pompe P1: vibrations anormales",
                     *             "priority": "high",
                     *             "status": "scheduled",
                     *             "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *             "assetId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A9C",
                     *             "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D"
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        data: {
                            workOrderId: string;
                            technicianId: string;
                            /**
                             * Format: date-time
                             * @example 2026-11-21T09:30:00Z
                             */
                            start: string;
                            /**
                             * Format: date-time
                             * @example 2026-11-21T09:30:00Z
                             */
                            end: string;
                            durationMinutes: number;
                            /**
                             * Format: date-time
                             * @example 2026-11-21T09:30:00Z
                             */
                            assignedAt: string;
                            assignedBy: string;
                            workOrder: {
                                title: string;
                                /** @enum {string} */
                                priority: "low" | "normal" | "high" | "critical";
                                /** @enum {string} */
                                status: "open" | "scheduled" | "in_progress" | "on_hold" | "completed" | "closed" | "cancelled";
                                siteId: string | null;
                                assetId: string | null;
                                clientId: string | null;
                            };
                        }[];
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    createScheduleFeed: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "technicianId": "01JD6B0000000000000000TECH"
                 *     }
                 */
                "application/json": {
                    /**
                     * @description Defaults to the caller's own profile (technicians)
                     * @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B
                     */
                    technicianId?: string;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD6C0000000000000000FEED",
                     *       "technicianId": "01JD6B0000000000000000TECH",
                     *       "createdAt": "2026-11-21T09:40:00.000Z",
                     *       "url": "https://api.example.com/v1/schedule.ics?feed=01JD6C0000000000000000FEED&token=9dY8..."
                     *     }
                     */
                    "application/json": {
                        id: string;
                        technicianId: string;
                        /**
                         * Format: date-time
                         * @example 2026-11-21T09:30:00Z
                         */
                        createdAt: string;
                        /** @description The subscription URL, shown once: it carries the secret token */
                        url: string;
                    };
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    deleteScheduleFeed: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getScheduleIcs: {
        parameters: {
            query: {
                feed: string;
                token: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An iCalendar document */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "text/calendar": string;
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listTimeEntries: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, workOrderId, workOrderTitle, clientId, technicianId, technicianName, start, end, minutes, note, createdBy (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7T01",
                     *           "version": 1,
                     *           "createdAt": "2026-11-21T12:05:00.000Z",
                     *           "updatedAt": "2026-11-21T12:05:00.000Z",
                     *           "workOrderId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7W01",
                     *           "workOrderTitle": "Pompe P2 : fuite au presse-étoupe",
                     *           "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *           "technicianId": "01JC8Y5T0000000000TECH0001",
                     *           "technicianName": "Théo Technicien",
                     *           "start": "2026-11-21T09:30:00.000Z",
                     *           "end": "2026-11-21T11:00:00.000Z",
                     *           "minutes": 90,
                     *           "note": "Remplacement de la garniture",
                     *           "createdBy": "tech@hydrant.local"
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["TimeEntry"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    createTimeEntry: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry safe: the first answer (5xx included) is kept 24 hours and replayed for the same key and payload; another payload is 422, a request still running 409.
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "technicianId": "01JC8Y5T0000000000TECH0001",
                 *       "start": "2026-11-21T09:30:00.000Z",
                 *       "end": "2026-11-21T11:00:00.000Z",
                 *       "note": "Remplacement de la garniture"
                 *     }
                 */
                "application/json": {
                    /**
                     * @description A technician logs only for themself; managers for anyone
                     * @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B
                     */
                    technicianId: string;
                    /**
                     * Format: date-time
                     * @example 2026-11-21T09:30:00Z
                     */
                    start: string;
                    /**
                     * Format: date-time
                     * @description Give end or minutes
                     * @example 2026-11-21T09:30:00Z
                     */
                    end?: string;
                    minutes?: number;
                    note?: string;
                };
            };
        };
        responses: {
            /** @description Logged */
            201: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7T01",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T12:05:00.000Z",
                     *       "updatedAt": "2026-11-21T12:05:00.000Z",
                     *       "workOrderId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7W01",
                     *       "workOrderTitle": "Pompe P2 : fuite au presse-étoupe",
                     *       "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *       "technicianId": "01JC8Y5T0000000000TECH0001",
                     *       "technicianName": "Théo Technicien",
                     *       "start": "2026-11-21T09:30:00.000Z",
                     *       "end": "2026-11-21T11:00:00.000Z",
                     *       "minutes": 90,
                     *       "note": "Remplacement de la garniture",
                     *       "createdBy": "tech@hydrant.local"
                     *     }
                     */
                    "application/json": components["schemas"]["TimeEntry"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    exportTimeEntries: {
        parameters: {
            query: {
                from: string;
                to: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A CSV document with a header row */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listMaintenancePlans: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, assetId, siteId, clientId, title, template, template.priority, template.description, template.requiredSkills, template.estimatedMinutes, template.checklist, template.requiresSignature, calendar, calendar.every, calendar.unit, meter, meter.sensorId, meter.every, leadTimeDays, enabled, state, state.anchorAt, state.step, state.meterBaseline, state.meterBaselineAt, state.cycle, state.lastWorkOrderId, state.lastDueAt, nextDueAt (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7P01",
                     *           "version": 1,
                     *           "createdAt": "2026-11-21T09:30:00.000Z",
                     *           "updatedAt": "2026-11-21T09:30:00.000Z",
                     *           "assetId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C",
                     *           "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *           "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *           "title": "Révision trimestrielle pompe P2",
                     *           "template": {
                     *             "priority": "normal",
                     *             "requiredSkills": [
                     *               "hydraulics"
                     *             ],
                     *             "estimatedMinutes": 120,
                     *             "checklist": [
                     *               {
                     *                 "label": "Graissage des paliers",
                     *                 "kind": "pass_fail"
                     *               }
                     *             ],
                     *             "requiresSignature": false
                     *           },
                     *           "calendar": {
                     *             "every": 3,
                     *             "unit": "months"
                     *           },
                     *           "meter": {
                     *             "sensorId": "RUNHOURS_P2",
                     *             "every": 500
                     *           },
                     *           "leadTimeDays": 7,
                     *           "enabled": true,
                     *           "state": {
                     *             "anchorAt": "2026-11-21T09:30:00.000Z",
                     *             "step": 1,
                     *             "meterBaseline": 1210,
                     *             "meterBaselineAt": 1763717400000,
                     *             "cycle": 0,
                     *             "lastWorkOrderId": null,
                     *             "lastDueAt": null
                     *           },
                     *           "nextDueAt": "2027-02-21T09:30:00.000Z"
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["MaintenancePlan"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    createMaintenancePlan: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry safe: the first answer (5xx included) is kept 24 hours and replayed for the same key and payload; another payload is 422, a request still running 409.
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "title": "Révision trimestrielle pompe P2",
                 *       "template": {
                 *         "priority": "normal",
                 *         "requiredSkills": [
                 *           "hydraulics"
                 *         ],
                 *         "estimatedMinutes": 120,
                 *         "checklist": [
                 *           {
                 *             "label": "Graissage des paliers",
                 *             "kind": "pass_fail"
                 *           }
                 *         ],
                 *         "requiresSignature": false
                 *       },
                 *       "calendar": {
                 *         "every": 3,
                 *         "unit": "months"
                 *       },
                 *       "meter": {
                 *         "sensorId": "RUNHOURS_P2",
                 *         "every": 500
                 *       },
                 *       "leadTimeDays": 7
                 *     }
                 */
                "application/json": {
                    title: string;
                    /** @default {} */
                    template?: {
                        /** @enum {string} */
                        priority?: "low" | "normal" | "high" | "critical";
                        description?: string;
                        requiredSkills?: string[];
                        estimatedMinutes?: number;
                        checklist?: {
                            /** @description Defaults to item-<n> */
                            id?: string;
                            label: string;
                            /** @enum {string} */
                            kind: "pass_fail" | "measurement";
                            unit?: string;
                            min?: number;
                            max?: number;
                        }[];
                        requiresSignature?: boolean;
                    };
                    /** @description Every N days, weeks or months (months clamp at the month end) */
                    calendar?: {
                        every: number;
                        /** @enum {string} */
                        unit: "days" | "weeks" | "months";
                    };
                    /** @description Every N units of a meter sensor; with calendar, whichever comes first */
                    meter?: {
                        /** @description A sensor of the tenant whose readings are a cumulative counter (e.g. run hours) */
                        sensorId: string;
                        every: number;
                    };
                    /**
                     * @description The work order is opened this many days before it is due
                     * @default 0
                     */
                    leadTimeDays?: number;
                    /**
                     * Format: date-time
                     * @description Start of the calendar series; default now
                     * @example 2026-11-21T09:30:00Z
                     */
                    startsAt?: string;
                    /** @default true */
                    enabled?: boolean;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    ETag?: string;
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7P01",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "assetId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C",
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *       "title": "Révision trimestrielle pompe P2",
                     *       "template": {
                     *         "priority": "normal",
                     *         "requiredSkills": [
                     *           "hydraulics"
                     *         ],
                     *         "estimatedMinutes": 120,
                     *         "checklist": [
                     *           {
                     *             "label": "Graissage des paliers",
                     *             "kind": "pass_fail"
                     *           }
                     *         ],
                     *         "requiresSignature": false
                     *       },
                     *       "calendar": {
                     *         "every": 3,
                     *         "unit": "months"
                     *       },
                     *       "meter": {
                     *         "sensorId": "RUNHOURS_P2",
                     *         "every": 500
                     *       },
                     *       "leadTimeDays": 7,
                     *       "enabled": true,
                     *       "state": {
                     *         "anchorAt": "2026-11-21T09:30:00.000Z",
                     *         "step": 1,
                     *         "meterBaseline": 1210,
                     *         "meterBaselineAt": 1763717400000,
                     *         "cycle": 0,
                     *         "lastWorkOrderId": null,
                     *         "lastDueAt": null
                     *       },
                     *       "nextDueAt": "2027-02-21T09:30:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["MaintenancePlan"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getMaintenancePlan: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, assetId, siteId, clientId, title, template, template.priority, template.description, template.requiredSkills, template.estimatedMinutes, template.checklist, template.requiresSignature, calendar, calendar.every, calendar.unit, meter, meter.sensorId, meter.every, leadTimeDays, enabled, state, state.anchorAt, state.step, state.meterBaseline, state.meterBaselineAt, state.cycle, state.lastWorkOrderId, state.lastDueAt, nextDueAt (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: {
                "If-None-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Found */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7P01",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "assetId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C",
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *       "title": "Révision trimestrielle pompe P2",
                     *       "template": {
                     *         "priority": "normal",
                     *         "requiredSkills": [
                     *           "hydraulics"
                     *         ],
                     *         "estimatedMinutes": 120,
                     *         "checklist": [
                     *           {
                     *             "label": "Graissage des paliers",
                     *             "kind": "pass_fail"
                     *           }
                     *         ],
                     *         "requiresSignature": false
                     *       },
                     *       "calendar": {
                     *         "every": 3,
                     *         "unit": "months"
                     *       },
                     *       "meter": {
                     *         "sensorId": "RUNHOURS_P2",
                     *         "every": 500
                     *       },
                     *       "leadTimeDays": 7,
                     *       "enabled": true,
                     *       "state": {
                     *         "anchorAt": "2026-11-21T09:30:00.000Z",
                     *         "step": 1,
                     *         "meterBaseline": 1210,
                     *         "meterBaselineAt": 1763717400000,
                     *         "cycle": 0,
                     *         "lastWorkOrderId": null,
                     *         "lastDueAt": null
                     *       },
                     *       "nextDueAt": "2027-02-21T09:30:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["MaintenancePlan"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    deleteMaintenancePlan: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    updateMaintenancePlan: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "leadTimeDays": 14
                 *     }
                 */
                "application/json": {
                    title?: string;
                    template?: {
                        /** @enum {string} */
                        priority?: "low" | "normal" | "high" | "critical";
                        description?: string;
                        requiredSkills?: string[];
                        estimatedMinutes?: number;
                        checklist?: {
                            /** @description Defaults to item-<n> */
                            id?: string;
                            label: string;
                            /** @enum {string} */
                            kind: "pass_fail" | "measurement";
                            unit?: string;
                            min?: number;
                            max?: number;
                        }[];
                        requiresSignature?: boolean;
                    };
                    calendar?: {
                        every: number;
                        /** @enum {string} */
                        unit: "days" | "weeks" | "months";
                    } | null;
                    meter?: {
                        /** @description A sensor of the tenant whose readings are a cumulative counter (e.g. run hours) */
                        sensorId: string;
                        every: number;
                    } | null;
                    leadTimeDays?: number;
                    enabled?: boolean;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7P01",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "assetId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C",
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *       "title": "Révision trimestrielle pompe P2",
                     *       "template": {
                     *         "priority": "normal",
                     *         "requiredSkills": [
                     *           "hydraulics"
                     *         ],
                     *         "estimatedMinutes": 120,
                     *         "checklist": [
                     *           {
                     *             "label": "Graissage des paliers",
                     *             "kind": "pass_fail"
                     *           }
                     *         ],
                     *         "requiresSignature": false
                     *       },
                     *       "calendar": {
                     *         "every": 3,
                     *         "unit": "months"
                     *       },
                     *       "meter": {
                     *         "sensorId": "RUNHOURS_P2",
                     *         "every": 500
                     *       },
                     *       "leadTimeDays": 7,
                     *       "enabled": true,
                     *       "state": {
                     *         "anchorAt": "2026-11-21T09:30:00.000Z",
                     *         "step": 1,
                     *         "meterBaseline": 1210,
                     *         "meterBaselineAt": 1763717400000,
                     *         "cycle": 0,
                     *         "lastWorkOrderId": null,
                     *         "lastDueAt": null
                     *       },
                     *       "nextDueAt": "2027-02-21T09:30:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["MaintenancePlan"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listWebhooks: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, url, eventTypes, description, filter, format, enabled, disabledReason, failingSince, secretRotatedAt (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "01JD7W0000000000000WEBH00K",
                     *           "version": 1,
                     *           "createdAt": "2026-11-21T09:30:00.000Z",
                     *           "updatedAt": "2026-11-21T09:30:00.000Z",
                     *           "url": "https://partner.example/hooks/hydrant",
                     *           "eventTypes": [
                     *             "work_order.created",
                     *             "alert.raised"
                     *           ],
                     *           "description": "ERP partner",
                     *           "filter": [
                     *             {
                     *               "path": "data.priority",
                     *               "op": "in",
                     *               "value": [
                     *                 "high",
                     *                 "critical"
                     *               ]
                     *             }
                     *           ],
                     *           "format": "standard",
                     *           "enabled": true,
                     *           "disabledReason": null,
                     *           "failingSince": null,
                     *           "secretRotatedAt": null
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["Webhook"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "url": "https://partner.example/hooks/hydrant",
                 *       "eventTypes": [
                 *         "work_order.created",
                 *         "alert.raised"
                 *       ],
                 *       "description": "ERP partner",
                 *       "filter": [
                 *         {
                 *           "path": "data.priority",
                 *           "op": "in",
                 *           "value": [
                 *             "high",
                 *             "critical"
                 *           ]
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": {
                    /** @description https URL of the endpoint (locally also http://localhost or http://127.0.0.1) */
                    url: string;
                    /** @description The event types delivered, or `["*"]` for all */
                    eventTypes: ("work_order.created" | "work_order.status_changed" | "work_order.assigned" | "alert.raised" | "alert.cleared" | "forecast.completed" | "request.created" | "document.available" | "sensor.offline" | "leak.suspected" | "leak.cleared" | "pressure.transient" | "*")[];
                    description?: string;
                    filter?: {
                        path: string;
                        /** @enum {string} */
                        op: "eq" | "ne" | "in" | "gt" | "lt" | "exists";
                        value?: (string | number | boolean | null) | (string | number | boolean | null)[];
                    }[];
                    /**
                     * @description `standard`: Standard Webhooks body; `slack`: a Slack incoming-webhook message
                     * @default standard
                     * @enum {string}
                     */
                    format?: "standard" | "slack";
                    /** @default true */
                    enabled?: boolean;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    ETag?: string;
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD7W0000000000000WEBH00K",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "url": "https://partner.example/hooks/hydrant",
                     *       "eventTypes": [
                     *         "work_order.created",
                     *         "alert.raised"
                     *       ],
                     *       "description": "ERP partner",
                     *       "filter": [
                     *         {
                     *           "path": "data.priority",
                     *           "op": "in",
                     *           "value": [
                     *             "high",
                     *             "critical"
                     *           ]
                     *         }
                     *       ],
                     *       "format": "standard",
                     *       "enabled": true,
                     *       "disabledReason": null,
                     *       "failingSince": null,
                     *       "secretRotatedAt": null,
                     *       "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
                     *     }
                     */
                    "application/json": {
                        /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
                        id: string;
                        version: number;
                        /**
                         * Format: date-time
                         * @example 2026-11-21T09:30:00Z
                         */
                        createdAt: string;
                        /**
                         * Format: date-time
                         * @example 2026-11-21T09:30:00Z
                         */
                        updatedAt: string;
                        url: string;
                        eventTypes: string[];
                        description: string | null;
                        filter: {
                            path: string;
                            op: string;
                            value?: unknown;
                        }[];
                        /**
                         * @description `standard`: Standard Webhooks body; `slack`: a Slack incoming-webhook message
                         * @enum {string}
                         */
                        format: "standard" | "slack";
                        enabled: boolean;
                        /** @description Why Hydrant disabled the endpoint (410 Gone, failing for 5 days); null when enabled or disabled by a user */
                        disabledReason: string | null;
                        /** @description First failed attempt since the last success */
                        failingSince: string | null;
                        secretRotatedAt: string | null;
                        /** @description The signing secret, shown this once */
                        secret: string;
                    };
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getWebhook: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, url, eventTypes, description, filter, format, enabled, disabledReason, failingSince, secretRotatedAt (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: {
                "If-None-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Found */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD7W0000000000000WEBH00K",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "url": "https://partner.example/hooks/hydrant",
                     *       "eventTypes": [
                     *         "work_order.created",
                     *         "alert.raised"
                     *       ],
                     *       "description": "ERP partner",
                     *       "filter": [
                     *         {
                     *           "path": "data.priority",
                     *           "op": "in",
                     *           "value": [
                     *             "high",
                     *             "critical"
                     *           ]
                     *         }
                     *       ],
                     *       "format": "standard",
                     *       "enabled": true,
                     *       "disabledReason": null,
                     *       "failingSince": null,
                     *       "secretRotatedAt": null
                     *     }
                     */
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    deleteWebhook: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    updateWebhook: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "enabled": false
                 *     }
                 */
                "application/json": {
                    /** @description https URL of the endpoint (locally also http://localhost or http://127.0.0.1) */
                    url?: string;
                    /** @description The event types delivered, or `["*"]` for all */
                    eventTypes?: ("work_order.created" | "work_order.status_changed" | "work_order.assigned" | "alert.raised" | "alert.cleared" | "forecast.completed" | "request.created" | "document.available" | "sensor.offline" | "leak.suspected" | "leak.cleared" | "pressure.transient" | "*")[];
                    description?: string | null;
                    filter?: {
                        path: string;
                        /** @enum {string} */
                        op: "eq" | "ne" | "in" | "gt" | "lt" | "exists";
                        value?: (string | number | boolean | null) | (string | number | boolean | null)[];
                    }[];
                    /**
                     * @description `standard`: Standard Webhooks body; `slack`: a Slack incoming-webhook message
                     * @enum {string}
                     */
                    format?: "standard" | "slack";
                    enabled?: boolean;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD7W0000000000000WEBH00K",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "url": "https://partner.example/hooks/hydrant",
                     *       "eventTypes": [
                     *         "work_order.created",
                     *         "alert.raised"
                     *       ],
                     *       "description": "ERP partner",
                     *       "filter": [
                     *         {
                     *           "path": "data.priority",
                     *           "op": "in",
                     *           "value": [
                     *             "high",
                     *             "critical"
                     *           ]
                     *         }
                     *       ],
                     *       "format": "standard",
                     *       "enabled": true,
                     *       "disabledReason": null,
                     *       "failingSince": null,
                     *       "secretRotatedAt": null
                     *     }
                     */
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Rotated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD7W0000000000000WEBH00K",
                     *       "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                     *       "previousSecretValidUntil": "2026-11-22T09:30:00.000Z"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        /** @description The new signing secret, shown this once */
                        secret: string;
                        /**
                         * Format: date-time
                         * @description Until then every delivery carries both signatures
                         * @example 2026-11-21T09:30:00Z
                         */
                        previousSecretValidUntil: string;
                    };
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    testWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "eventId": "01JD7W00000000000000EVENT1",
                     *       "type": "webhook.test"
                     *     }
                     */
                    "application/json": {
                        eventId: string;
                        /** @constant */
                        type: "webhook.test";
                    };
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                status?: "pending" | "succeeded" | "failed";
                /**
                 * @description Sparse fieldset: a comma-separated list of id, webhookId, eventType, status, attempts, nextAttemptAt, lastError, createdAt, updatedAt (id is always included)
                 * @example id,webhookId,eventType
                 */
                fields?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "01JD7W00000000000000EVENT1",
                     *           "webhookId": "01JD7W0000000000000WEBH00K",
                     *           "eventType": "work_order.created",
                     *           "status": "pending",
                     *           "attempts": [
                     *             {
                     *               "attempt": 1,
                     *               "trigger": "scheduled",
                     *               "at": "2026-11-21T09:30:01.000Z",
                     *               "statusCode": 503,
                     *               "latencyMs": 84.2,
                     *               "error": null,
                     *               "responseStart": "Service Unavailable"
                     *             }
                     *           ],
                     *           "nextAttemptAt": "2026-11-21T09:30:06.000Z",
                     *           "lastError": "HTTP 503",
                     *           "createdAt": "2026-11-21T09:30:00.900Z",
                     *           "updatedAt": "2026-11-21T09:30:01.100Z"
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["WebhookDelivery"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    retryWebhookDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                deliveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD7W00000000000000EVENT1",
                     *       "webhookId": "01JD7W0000000000000WEBH00K",
                     *       "eventType": "work_order.created",
                     *       "status": "pending",
                     *       "attempts": [
                     *         {
                     *           "attempt": 1,
                     *           "trigger": "scheduled",
                     *           "at": "2026-11-21T09:30:01.000Z",
                     *           "statusCode": 503,
                     *           "latencyMs": 84.2,
                     *           "error": null,
                     *           "responseStart": "Service Unavailable"
                     *         }
                     *       ],
                     *       "nextAttemptAt": "2026-11-21T09:30:06.000Z",
                     *       "lastError": "HTTP 503",
                     *       "createdAt": "2026-11-21T09:30:00.900Z",
                     *       "updatedAt": "2026-11-21T09:30:01.100Z"
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    replayWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "since": "2026-11-20T00:00:00Z"
                 *     }
                 */
                "application/json": {
                    /**
                     * Format: date-time
                     * @description Resend what the endpoint should have received since then (at most 30 days ago)
                     * @example 2026-11-21T09:30:00Z
                     */
                    since: string;
                };
            };
        };
        responses: {
            /** @description Queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "webhookId": "01JD7W0000000000000WEBH00K",
                     *       "since": "2026-11-20T00:00:00.000Z",
                     *       "queued": 12
                     *     }
                     */
                    "application/json": {
                        webhookId: string;
                        /**
                         * Format: date-time
                         * @example 2026-11-21T09:30:00Z
                         */
                        since: string;
                        /** @description Deliveries created or retried */
                        queued: number;
                    };
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getSecuritySettings: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of mfaRequiredRoles, updatedAt (id is always included)
                 * @example mfaRequiredRoles,updatedAt
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The settings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "mfaRequiredRoles": [
                     *         "admin",
                     *         "manager"
                     *       ],
                     *       "updatedAt": "2026-12-07T13:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["SecuritySettings"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    updateSecuritySettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "mfaRequiredRoles": [
                 *         "admin",
                 *         "manager"
                 *       ]
                 *     }
                 */
                "application/json": {
                    mfaRequiredRoles: ("admin" | "manager" | "technician" | "client")[];
                };
            };
        };
        responses: {
            /** @description The settings */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "mfaRequiredRoles": [
                     *         "admin",
                     *         "manager"
                     *       ],
                     *       "updatedAt": "2026-12-07T13:00:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["SecuritySettings"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listMachineClients: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, name, clientId, scopes (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of machine clients */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *           "version": 1,
                     *           "createdAt": "2026-12-07T13:00:00.000Z",
                     *           "updatedAt": "2026-12-07T13:00:00.000Z",
                     *           "name": "SCADA gateway",
                     *           "clientId": "4tq1example5hpc7t1lq2mgnqk",
                     *           "scopes": [
                     *             "telemetry.write"
                     *           ]
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["MachineClient"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    createMachineClient: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "SCADA gateway",
                 *       "scopes": [
                 *         "telemetry.write"
                 *       ]
                 *     }
                 */
                "application/json": {
                    name: string;
                    scopes: ("telemetry.write" | "telemetry.read" | "work-orders.read" | "work-orders.write" | "forecasts.write" | "webhooks.manage")[];
                };
            };
        };
        responses: {
            /** @description The client and its secret (shown once) */
            201: {
                headers: {
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "version": 1,
                     *       "createdAt": "2026-12-07T13:00:00.000Z",
                     *       "updatedAt": "2026-12-07T13:00:00.000Z",
                     *       "name": "SCADA gateway",
                     *       "clientId": "4tq1example5hpc7t1lq2mgnqk",
                     *       "scopes": [
                     *         "telemetry.write"
                     *       ],
                     *       "clientSecret": "1example2secret3only4shown5once6abcdefghijklmnopqrs",
                     *       "tokenEndpoint": "https://hydrant-prod.auth.eu-west-3.amazoncognito.com/oauth2/token"
                     *     }
                     */
                    "application/json": components["schemas"]["MachineClientWithSecret"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    deleteMachineClient: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listPartnerApps: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, name, clientId, scopes, callbackUrls, logoutUrls (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of partner apps */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C",
                     *           "version": 1,
                     *           "createdAt": "2026-12-07T13:00:00.000Z",
                     *           "updatedAt": "2026-12-07T13:00:00.000Z",
                     *           "name": "Field app of Aqua Partner",
                     *           "clientId": "7ab2example9kq3c1lq2mgnqk",
                     *           "scopes": [
                     *             "work-orders.read"
                     *           ],
                     *           "callbackUrls": [
                     *             "https://app.partner.example/oauth/callback"
                     *           ],
                     *           "logoutUrls": []
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["PartnerApp"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    createPartnerApp: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry safe: the first answer (5xx included) is kept 24 hours and replayed for the same key and payload; another payload is 422, a request still running 409.
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Field app of Aqua Partner",
                 *       "scopes": [
                 *         "work-orders.read"
                 *       ],
                 *       "callbackUrls": [
                 *         "https://app.partner.example/oauth/callback"
                 *       ]
                 *     }
                 */
                "application/json": {
                    name: string;
                    scopes: ("telemetry.write" | "telemetry.read" | "work-orders.read" | "work-orders.write" | "forecasts.write" | "webhooks.manage")[];
                    callbackUrls: string[];
                    logoutUrls?: string[];
                };
            };
        };
        responses: {
            /** @description The partner app (a public client: no secret) */
            201: {
                headers: {
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C",
                     *       "version": 1,
                     *       "createdAt": "2026-12-07T13:00:00.000Z",
                     *       "updatedAt": "2026-12-07T13:00:00.000Z",
                     *       "name": "Field app of Aqua Partner",
                     *       "clientId": "7ab2example9kq3c1lq2mgnqk",
                     *       "scopes": [
                     *         "work-orders.read"
                     *       ],
                     *       "callbackUrls": [
                     *         "https://app.partner.example/oauth/callback"
                     *       ],
                     *       "logoutUrls": []
                     *     }
                     */
                    "application/json": components["schemas"]["PartnerApp"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    deletePartnerApp: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listZones: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                siteId?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, name, siteId, clientId, boundary, boundary.type, boundary.coordinates, meters, pressureSensorIds, serviceConnections, mainsLengthKm, connectionsLengthKm, averagePressureM, transientLimitM, timezone, nightWindow, nightWindow.start, nightWindow.end, legitimateNightUseLPerConnectionPerHour (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7Z0N",
                     *           "version": 1,
                     *           "createdAt": "2026-11-21T09:30:00.000Z",
                     *           "updatedAt": "2026-11-21T09:30:00.000Z",
                     *           "name": "Secteur Croix-Rousse",
                     *           "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *           "boundary": {
                     *             "type": "Polygon",
                     *             "coordinates": [
                     *               [
                     *                 [
                     *                   4.82,
                     *                   45.75
                     *                 ],
                     *                 [
                     *                   4.85,
                     *                   45.75
                     *                 ],
                     *                 [
                     *                   4.85,
                     *                   45.77
                     *                 ],
                     *                 [
                     *                   4.82,
                     *                   45.77
                     *                 ],
                     *                 [
                     *                   4.82,
                     *                   45.75
                     *                 ]
                     *               ]
                     *             ]
                     *           },
                     *           "meters": [
                     *             {
                     *               "sensorId": "FLOW_IN_01",
                     *               "direction": "in"
                     *             },
                     *             {
                     *               "sensorId": "FLOW_OUT_01",
                     *               "direction": "out"
                     *             }
                     *           ],
                     *           "pressureSensorIds": [
                     *             "PRES_01"
                     *           ],
                     *           "serviceConnections": 2400,
                     *           "mainsLengthKm": 38.5,
                     *           "averagePressureM": 45,
                     *           "transientLimitM": 25,
                     *           "timezone": "Europe/Paris",
                     *           "nightWindow": {
                     *             "start": "02:00",
                     *             "end": "04:00"
                     *           },
                     *           "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *           "connectionsLengthKm": null,
                     *           "legitimateNightUseLPerConnectionPerHour": 1.7
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["Zone"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    createZone: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry safe: the first answer (5xx included) is kept 24 hours and replayed for the same key and payload; another payload is 422, a request still running 409.
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Secteur Croix-Rousse",
                 *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                 *       "boundary": {
                 *         "type": "Polygon",
                 *         "coordinates": [
                 *           [
                 *             [
                 *               4.82,
                 *               45.75
                 *             ],
                 *             [
                 *               4.85,
                 *               45.75
                 *             ],
                 *             [
                 *               4.85,
                 *               45.77
                 *             ],
                 *             [
                 *               4.82,
                 *               45.77
                 *             ],
                 *             [
                 *               4.82,
                 *               45.75
                 *             ]
                 *           ]
                 *         ]
                 *       },
                 *       "meters": [
                 *         {
                 *           "sensorId": "FLOW_IN_01",
                 *           "direction": "in"
                 *         },
                 *         {
                 *           "sensorId": "FLOW_OUT_01",
                 *           "direction": "out"
                 *         }
                 *       ],
                 *       "pressureSensorIds": [
                 *         "PRES_01"
                 *       ],
                 *       "serviceConnections": 2400,
                 *       "mainsLengthKm": 38.5,
                 *       "averagePressureM": 45,
                 *       "transientLimitM": 25,
                 *       "timezone": "Europe/Paris",
                 *       "nightWindow": {
                 *         "start": "02:00",
                 *         "end": "04:00"
                 *       }
                 *     }
                 */
                "application/json": {
                    name: string;
                    /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
                    siteId?: string;
                    boundary: components["schemas"]["Polygon"];
                    /** @description Flow sensors whose signed sum is the zone net inflow */
                    meters: {
                        /** @example PH_001 */
                        sensorId: string;
                        /**
                         * @description in: the flow enters the zone; out: it leaves to a neighbour
                         * @enum {string}
                         */
                        direction: "in" | "out";
                    }[];
                    /** @default [] */
                    pressureSensorIds?: string[];
                    /** @description Number of service connections (Nc) */
                    serviceConnections: number;
                    /** @description Length of mains, km (Lm) */
                    mainsLengthKm: number;
                    /** @description Private pipe from property boundary to customer meters, km (Lp); 0 when absent */
                    connectionsLengthKm?: number;
                    /** @description Average zone pressure, metres of head */
                    averagePressureM?: number;
                    /** @description Pressure transients swinging more than this, metres of head peak to trough, raise a pressure.transient alert; absent: the default transient rule's limit (20 m) */
                    transientLimitM?: number;
                    /** @example Europe/Paris */
                    timezone: string;
                    /**
                     * @description Local wall-clock window of the minimum night flow; end before start crosses midnight
                     * @default {
                     *       "start": "02:00",
                     *       "end": "04:00"
                     *     }
                     */
                    nightWindow?: {
                        start: string;
                        end: string;
                    };
                    /**
                     * @description Default 1.7 L/connection/h, the UK household night-use figure (Managing Leakage, 1994)
                     * @default 1.7
                     */
                    legitimateNightUseLPerConnectionPerHour?: number;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    ETag?: string;
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7Z0N",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "Secteur Croix-Rousse",
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "boundary": {
                     *         "type": "Polygon",
                     *         "coordinates": [
                     *           [
                     *             [
                     *               4.82,
                     *               45.75
                     *             ],
                     *             [
                     *               4.85,
                     *               45.75
                     *             ],
                     *             [
                     *               4.85,
                     *               45.77
                     *             ],
                     *             [
                     *               4.82,
                     *               45.77
                     *             ],
                     *             [
                     *               4.82,
                     *               45.75
                     *             ]
                     *           ]
                     *         ]
                     *       },
                     *       "meters": [
                     *         {
                     *           "sensorId": "FLOW_IN_01",
                     *           "direction": "in"
                     *         },
                     *         {
                     *           "sensorId": "FLOW_OUT_01",
                     *           "direction": "out"
                     *         }
                     *       ],
                     *       "pressureSensorIds": [
                     *         "PRES_01"
                     *       ],
                     *       "serviceConnections": 2400,
                     *       "mainsLengthKm": 38.5,
                     *       "averagePressureM": 45,
                     *       "transientLimitM": 25,
                     *       "timezone": "Europe/Paris",
                     *       "nightWindow": {
                     *         "start": "02:00",
                     *         "end": "04:00"
                     *       },
                     *       "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *       "connectionsLengthKm": null,
                     *       "legitimateNightUseLPerConnectionPerHour": 1.7
                     *     }
                     */
                    "application/json": components["schemas"]["Zone"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getZone: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, name, siteId, clientId, boundary, boundary.type, boundary.coordinates, meters, pressureSensorIds, serviceConnections, mainsLengthKm, connectionsLengthKm, averagePressureM, transientLimitM, timezone, nightWindow, nightWindow.start, nightWindow.end, legitimateNightUseLPerConnectionPerHour (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: {
                "If-None-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Found */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7Z0N",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "Secteur Croix-Rousse",
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "boundary": {
                     *         "type": "Polygon",
                     *         "coordinates": [
                     *           [
                     *             [
                     *               4.82,
                     *               45.75
                     *             ],
                     *             [
                     *               4.85,
                     *               45.75
                     *             ],
                     *             [
                     *               4.85,
                     *               45.77
                     *             ],
                     *             [
                     *               4.82,
                     *               45.77
                     *             ],
                     *             [
                     *               4.82,
                     *               45.75
                     *             ]
                     *           ]
                     *         ]
                     *       },
                     *       "meters": [
                     *         {
                     *           "sensorId": "FLOW_IN_01",
                     *           "direction": "in"
                     *         },
                     *         {
                     *           "sensorId": "FLOW_OUT_01",
                     *           "direction": "out"
                     *         }
                     *       ],
                     *       "pressureSensorIds": [
                     *         "PRES_01"
                     *       ],
                     *       "serviceConnections": 2400,
                     *       "mainsLengthKm": 38.5,
                     *       "averagePressureM": 45,
                     *       "transientLimitM": 25,
                     *       "timezone": "Europe/Paris",
                     *       "nightWindow": {
                     *         "start": "02:00",
                     *         "end": "04:00"
                     *       },
                     *       "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *       "connectionsLengthKm": null,
                     *       "legitimateNightUseLPerConnectionPerHour": 1.7
                     *     }
                     */
                    "application/json": components["schemas"]["Zone"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    deleteZone: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    updateZone: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "serviceConnections": 2450,
                 *       "nightWindow": {
                 *         "start": "01:30",
                 *         "end": "04:30"
                 *       }
                 *     }
                 */
                "application/json": {
                    name?: string;
                    siteId?: string | null;
                    boundary?: components["schemas"]["Polygon"];
                    /** @description Flow sensors whose signed sum is the zone net inflow */
                    meters?: {
                        /** @example PH_001 */
                        sensorId: string;
                        /**
                         * @description in: the flow enters the zone; out: it leaves to a neighbour
                         * @enum {string}
                         */
                        direction: "in" | "out";
                    }[];
                    pressureSensorIds?: string[];
                    /** @description Number of service connections (Nc) */
                    serviceConnections?: number;
                    /** @description Length of mains, km (Lm) */
                    mainsLengthKm?: number;
                    connectionsLengthKm?: number | null;
                    averagePressureM?: number | null;
                    transientLimitM?: number | null;
                    /** @example Europe/Paris */
                    timezone?: string;
                    /** @description Local wall-clock window of the minimum night flow; end before start crosses midnight */
                    nightWindow?: {
                        start: string;
                        end: string;
                    };
                    legitimateNightUseLPerConnectionPerHour?: number;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7Z0N",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "Secteur Croix-Rousse",
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "boundary": {
                     *         "type": "Polygon",
                     *         "coordinates": [
                     *           [
                     *             [
                     *               4.82,
                     *               45.75
                     *             ],
                     *             [
                     *               4.85,
                     *               45.75
                     *             ],
                     *             [
                     *               4.85,
                     *               45.77
                     *             ],
                     *             [
                     *               4.82,
                     *               45.77
                     *             ],
                     *             [
                     *               4.82,
                     *               45.75
                     *             ]
                     *           ]
                     *         ]
                     *       },
                     *       "meters": [
                     *         {
                     *           "sensorId": "FLOW_IN_01",
                     *           "direction": "in"
                     *         },
                     *         {
                     *           "sensorId": "FLOW_OUT_01",
                     *           "direction": "out"
                     *         }
                     *       ],
                     *       "pressureSensorIds": [
                     *         "PRES_01"
                     *       ],
                     *       "serviceConnections": 2400,
                     *       "mainsLengthKm": 38.5,
                     *       "averagePressureM": 45,
                     *       "transientLimitM": 25,
                     *       "timezone": "Europe/Paris",
                     *       "nightWindow": {
                     *         "start": "02:00",
                     *         "end": "04:00"
                     *       },
                     *       "clientId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D",
                     *       "connectionsLengthKm": null,
                     *       "legitimateNightUseLPerConnectionPerHour": 1.7
                     *     }
                     */
                    "application/json": components["schemas"]["Zone"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getZoneNightFlow: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of zoneId, timezone, nightWindow, nightWindow.start, nightWindow.end, from, to, nights (id is always included)
                 * @example zoneId,timezone,nightWindow
                 */
                fields?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One row per night */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "zoneId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7Z0N",
                     *       "timezone": "Europe/Paris",
                     *       "nightWindow": {
                     *         "start": "02:00",
                     *         "end": "04:00"
                     *       },
                     *       "from": "2026-11-01T00:00:00.000Z",
                     *       "to": "2026-11-03T00:00:00.000Z",
                     *       "nights": [
                     *         {
                     *           "night": "2026-11-01",
                     *           "windowStart": "2026-11-01T01:00:00.000Z",
                     *           "windowEnd": "2026-11-01T03:00:00.000Z",
                     *           "minimumNightFlowM3h": 12.4,
                     *           "minimumAt": "2026-11-01T02:00:00.000Z",
                     *           "legitimateNightUseM3h": 4.08,
                     *           "estimatedLeakageM3h": 8.32,
                     *           "estimatedLeakageM3PerDay": 199.68,
                     *           "nightDayFactorHours": 24,
                     *           "nightDayFactorBasis": "assumed_24h",
                     *           "nightPressureM": null,
                     *           "meters": [
                     *             {
                     *               "sensorId": "FLOW_IN_01",
                     *               "completeness": 1
                     *             },
                     *             {
                     *               "sensorId": "FLOW_OUT_01",
                     *               "completeness": 1
                     *             }
                     *           ],
                     *           "status": "ok"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["NightFlow"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getZoneNightFlowChart: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An SVG document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/svg+xml": string;
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getDocsPage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An HTML page; its script and the contract come from the same origin */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            500: components["responses"]["Problem"];
        };
    };
    getDocsScript: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JavaScript */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/javascript": string;
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            500: components["responses"]["Problem"];
        };
    };
    getOpenApi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "openapi": "3.1.0",
                     *       "info": {
                     *         "title": "Hydrant API",
                     *         "version": "1.0.0"
                     *       },
                     *       "paths": {
                     *         "/v1/health": {
                     *           "get": {
                     *             "operationId": "getHealth"
                     *           }
                     *         }
                     *       },
                     *       "components": {
                     *         "schemas": {}
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["OpenApiDocument"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            500: components["responses"]["Problem"];
        };
    };
    correlateLeakNoise: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "sensorA": "ACOUSTIC_017",
                 *       "sensorB": "ACOUSTIC_018",
                 *       "documentA": "01JD5Y7Z8M6Q2V3W4X5Y6Z7D01",
                 *       "documentB": "01JD5Y7Z8M6Q2V3W4X5Y6Z7D02",
                 *       "distanceM": 212,
                 *       "pipeMaterial": "ductile_iron",
                 *       "diameterMm": 150
                 *     }
                 */
                "application/json": {
                    /**
                     * @description Acoustic logger A: an `acoustic` sensor on an asset of the zone
                     * @example PH_001
                     */
                    sensorA: string;
                    /**
                     * @description Acoustic logger B, on the same pipe
                     * @example PH_001
                     */
                    sensorB: string;
                    /**
                     * @description Logger A's recording: an available document, WAV (PCM 16-bit mono, audio/wav) or CSV `t,value` (text/csv), at most 4 MiB, 120 s and 1 048 576 samples
                     * @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B
                     */
                    documentA: string;
                    /**
                     * @description Logger B's recording, synchronised with A's and at the same sample rate
                     * @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B
                     */
                    documentB: string;
                    /** @description Pipe length between the loggers, m */
                    distanceM: number;
                    /**
                     * @description Pipe wall material (the materials whose wave speed the correlator knows)
                     * @enum {string}
                     */
                    pipeMaterial: "ductile_iron" | "cast_iron" | "steel" | "asbestos_cement" | "concrete" | "pvc" | "pe";
                    /** @description Internal diameter, mm */
                    diameterMm: number;
                    /** @description A wave speed measured on site (tap test), overriding the table */
                    waveSpeedMps?: number;
                };
            };
        };
        responses: {
            /** @description The position with its uncertainty, or status no_coherent_leak_noise */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "zoneId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7Z01",
                     *       "sensorA": "ACOUSTIC_017",
                     *       "sensorB": "ACOUSTIC_018",
                     *       "status": "located",
                     *       "distanceFromAM": 74.2,
                     *       "uncertaintyM": 6.3,
                     *       "delayS": 0.0509,
                     *       "waveSpeed": {
                     *         "mps": 1250.4,
                     *         "toleranceMps": 125,
                     *         "source": "table"
                     *       },
                     *       "peakCoefficient": 0.41,
                     *       "peakProminence": 38.5,
                     *       "prominenceThreshold": 7.2,
                     *       "atLogger": null,
                     *       "sampleRateHz": 4096,
                     *       "durationS": 4
                     *     }
                     */
                    "application/json": components["schemas"]["Correlation"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    scanPressureTransients: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "startAt": "2026-12-02T03:14:00.000Z",
                 *       "sampleRateHz": 100,
                 *       "unit": "bar",
                 *       "values": [
                 *         4.51,
                 *         4.5,
                 *         4.52,
                 *         4.51,
                 *         4.5,
                 *         4.51,
                 *         2.3,
                 *         1.9,
                 *         5.8,
                 *         6.4,
                 *         4.1,
                 *         4.6,
                 *         4.52,
                 *         4.5,
                 *         4.51
                 *       ]
                 *     }
                 */
                "application/json": {
                    /**
                     * Format: date-time
                     * @description Time of the first sample
                     * @example 2026-11-21T09:30:00Z
                     */
                    startAt: string;
                    /** @description Samples per second (loggers capture transients at 25-1000 Hz; 100 Hz is usual) */
                    sampleRateHz: number;
                    /**
                     * @description Unit of the values: bar (the pressure sensors' unit) or metres of head
                     * @default bar
                     * @enum {string}
                     */
                    unit?: "bar" | "m";
                    /** @description The burst, evenly spaced; at most 60000 samples */
                    values: number[];
                };
            };
        };
        responses: {
            /** @description The events found, the limit applied and what happened to the alert */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "sensorId": "PRES_01",
                     *       "zoneId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7Z0N",
                     *       "limitM": 20,
                     *       "limitSource": "rule",
                     *       "noiseSigmaM": 0.11,
                     *       "thresholdM": 2,
                     *       "events": [
                     *         {
                     *           "at": "2026-12-02T03:14:00.060Z",
                     *           "kind": "drop",
                     *           "durationS": 0.05,
                     *           "baselineM": 45.9,
                     *           "minM": 19.4,
                     *           "maxM": 65.3,
                     *           "dropM": 26.5,
                     *           "riseM": 19.4,
                     *           "amplitudeM": 45.9,
                     *           "reboundM": 19.4,
                     *           "open": false,
                     *           "overLimit": true
                     *         }
                     *       ],
                     *       "alert": {
                     *         "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A9C",
                     *         "status": "raised"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["TransientScan"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listQualityParameters: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of data (id is always included)
                 * @example data
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every parameter of the catalogue */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "code": "nitrite",
                     *           "name": "Nitrite (as NO2)",
                     *           "category": "chemical",
                     *           "unit": "mg/L",
                     *           "alternativeUnits": [
                     *             {
                     *               "unit": "mg/L NO2-N",
                     *               "factor": 3.284429214,
                     *               "aliases": [
                     *                 "mg/L N"
                     *               ],
                     *               "note": "nitrite-nitrogen: × 46.005/14.007"
                     *             }
                     *           ],
                     *           "sensorKinds": [],
                     *           "limits": [
                     *             {
                     *               "parameter": "nitrite",
                     *               "min": null,
                     *               "max": 0.5,
                     *               "unit": "mg/L",
                     *               "source": "Directive (EU) 2020/2184, Annex I, Part B",
                     *               "note": "at the tap",
                     *               "setId": "eu-dwd-2020-2184"
                     *             },
                     *             {
                     *               "parameter": "nitrite",
                     *               "min": null,
                     *               "max": 0.1,
                     *               "unit": "mg/L",
                     *               "source": "Directive (EU) 2020/2184, Annex I, Part B",
                     *               "appliesAt": [
                     *                 "plant_outlet"
                     *               ],
                     *               "note": "in water leaving the treatment works",
                     *               "setId": "eu-dwd-2020-2184"
                     *             }
                     *           ]
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["QualityParameter"][];
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listLimitSets: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                siteId?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, name, kind, readOnly, enforced, source, siteId, samplingPointId, clientId, severity, openWorkOrder, limits (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7K1S",
                     *           "version": 1,
                     *           "createdAt": "2026-11-21T09:30:00.000Z",
                     *           "updatedAt": "2026-11-21T09:30:00.000Z",
                     *           "name": "Usine de Saint-Clair: sortie usine",
                     *           "kind": "tenant",
                     *           "readOnly": false,
                     *           "enforced": true,
                     *           "source": "limit set Usine de Saint-Clair: sortie usine",
                     *           "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *           "samplingPointId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7S0P",
                     *           "clientId": "01JC8Y5T0000000000ACME0001",
                     *           "severity": "major",
                     *           "openWorkOrder": true,
                     *           "limits": [
                     *             {
                     *               "parameter": "turbidity",
                     *               "min": null,
                     *               "max": 0.5,
                     *               "unit": "NTU",
                     *               "note": "operational target at the plant outlet",
                     *               "source": "limit set Usine de Saint-Clair: sortie usine"
                     *             },
                     *             {
                     *               "parameter": "free_chlorine",
                     *               "min": 0.3,
                     *               "max": 1,
                     *               "unit": "mg/L",
                     *               "note": null,
                     *               "source": "limit set Usine de Saint-Clair: sortie usine"
                     *             },
                     *             {
                     *               "parameter": "ph",
                     *               "min": 7,
                     *               "max": 8.5,
                     *               "unit": "pH",
                     *               "note": null,
                     *               "source": "limit set Usine de Saint-Clair: sortie usine"
                     *             }
                     *           ]
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["LimitSet"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    createLimitSet: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry safe: the first answer (5xx included) is kept 24 hours and replayed for the same key and payload; another payload is 422, a request still running 409.
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Usine de Saint-Clair: sortie usine",
                 *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                 *       "samplingPointId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7S0P",
                 *       "limits": [
                 *         {
                 *           "parameter": "turbidity",
                 *           "max": 0.5,
                 *           "unit": "FNU",
                 *           "note": "operational target at the plant outlet"
                 *         },
                 *         {
                 *           "parameter": "free_chlorine",
                 *           "min": 0.3,
                 *           "max": 1
                 *         },
                 *         {
                 *           "parameter": "ph",
                 *           "min": 7,
                 *           "max": 8.5
                 *         }
                 *       ],
                 *       "severity": "major",
                 *       "openWorkOrder": true
                 *     }
                 */
                "application/json": {
                    name: string;
                    /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
                    siteId: string;
                    /** @description Only at this sampling point of the site; absent: at every point of the site */
                    samplingPointId?: string | null;
                    limits: {
                        /** @example free_chlorine */
                        parameter: string;
                        min?: number | null;
                        max?: number | null;
                        /** @description Default: the parameter's canonical unit; any accepted unit is converted */
                        unit?: string;
                        note?: string | null;
                    }[];
                    /**
                     * @description Of the alert an exceedance of its limits raises
                     * @default major
                     * @enum {string}
                     */
                    severity?: "critical" | "major" | "minor" | "warning";
                    /**
                     * @description An exceedance of its limits opens a work order with its alert
                     * @default false
                     */
                    openWorkOrder?: boolean;
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    ETag?: string;
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7K1S",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "Usine de Saint-Clair: sortie usine",
                     *       "kind": "tenant",
                     *       "readOnly": false,
                     *       "enforced": true,
                     *       "source": "limit set Usine de Saint-Clair: sortie usine",
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "samplingPointId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7S0P",
                     *       "clientId": "01JC8Y5T0000000000ACME0001",
                     *       "severity": "major",
                     *       "openWorkOrder": true,
                     *       "limits": [
                     *         {
                     *           "parameter": "turbidity",
                     *           "min": null,
                     *           "max": 0.5,
                     *           "unit": "NTU",
                     *           "note": "operational target at the plant outlet",
                     *           "source": "limit set Usine de Saint-Clair: sortie usine"
                     *         },
                     *         {
                     *           "parameter": "free_chlorine",
                     *           "min": 0.3,
                     *           "max": 1,
                     *           "unit": "mg/L",
                     *           "note": null,
                     *           "source": "limit set Usine de Saint-Clair: sortie usine"
                     *         },
                     *         {
                     *           "parameter": "ph",
                     *           "min": 7,
                     *           "max": 8.5,
                     *           "unit": "pH",
                     *           "note": null,
                     *           "source": "limit set Usine de Saint-Clair: sortie usine"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["LimitSet"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getLimitSet: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, name, kind, readOnly, enforced, source, siteId, samplingPointId, clientId, severity, openWorkOrder, limits (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: {
                "If-None-Match"?: string;
            };
            path: {
                id: string | ("eu-dwd-2020-2184" | "who-gdwq-2022");
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Found */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7K1S",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "Usine de Saint-Clair: sortie usine",
                     *       "kind": "tenant",
                     *       "readOnly": false,
                     *       "enforced": true,
                     *       "source": "limit set Usine de Saint-Clair: sortie usine",
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "samplingPointId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7S0P",
                     *       "clientId": "01JC8Y5T0000000000ACME0001",
                     *       "severity": "major",
                     *       "openWorkOrder": true,
                     *       "limits": [
                     *         {
                     *           "parameter": "turbidity",
                     *           "min": null,
                     *           "max": 0.5,
                     *           "unit": "NTU",
                     *           "note": "operational target at the plant outlet",
                     *           "source": "limit set Usine de Saint-Clair: sortie usine"
                     *         },
                     *         {
                     *           "parameter": "free_chlorine",
                     *           "min": 0.3,
                     *           "max": 1,
                     *           "unit": "mg/L",
                     *           "note": null,
                     *           "source": "limit set Usine de Saint-Clair: sortie usine"
                     *         },
                     *         {
                     *           "parameter": "ph",
                     *           "min": 7,
                     *           "max": 8.5,
                     *           "unit": "pH",
                     *           "note": null,
                     *           "source": "limit set Usine de Saint-Clair: sortie usine"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["LimitSet"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    deleteLimitSet: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string | ("eu-dwd-2020-2184" | "who-gdwq-2022");
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    updateLimitSet: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string | ("eu-dwd-2020-2184" | "who-gdwq-2022");
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "limits": [
                 *         {
                 *           "parameter": "turbidity",
                 *           "max": 0.3,
                 *           "unit": "NTU"
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": {
                    name?: string;
                    limits?: {
                        /** @example free_chlorine */
                        parameter: string;
                        min?: number | null;
                        max?: number | null;
                        /** @description Default: the parameter's canonical unit; any accepted unit is converted */
                        unit?: string;
                        note?: string | null;
                    }[];
                    /** @enum {string} */
                    severity?: "critical" | "major" | "minor" | "warning";
                    openWorkOrder?: boolean;
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7K1S",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "Usine de Saint-Clair: sortie usine",
                     *       "kind": "tenant",
                     *       "readOnly": false,
                     *       "enforced": true,
                     *       "source": "limit set Usine de Saint-Clair: sortie usine",
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "samplingPointId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7S0P",
                     *       "clientId": "01JC8Y5T0000000000ACME0001",
                     *       "severity": "major",
                     *       "openWorkOrder": true,
                     *       "limits": [
                     *         {
                     *           "parameter": "turbidity",
                     *           "min": null,
                     *           "max": 0.5,
                     *           "unit": "NTU",
                     *           "note": "operational target at the plant outlet",
                     *           "source": "limit set Usine de Saint-Clair: sortie usine"
                     *         },
                     *         {
                     *           "parameter": "free_chlorine",
                     *           "min": 0.3,
                     *           "max": 1,
                     *           "unit": "mg/L",
                     *           "note": null,
                     *           "source": "limit set Usine de Saint-Clair: sortie usine"
                     *         },
                     *         {
                     *           "parameter": "ph",
                     *           "min": 7,
                     *           "max": 8.5,
                     *           "unit": "pH",
                     *           "note": null,
                     *           "source": "limit set Usine de Saint-Clair: sortie usine"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["LimitSet"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listSamplingPoints: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                siteId?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, name, siteId, clientId, kind, sensorIds (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7S0P",
                     *           "version": 1,
                     *           "createdAt": "2026-11-21T09:30:00.000Z",
                     *           "updatedAt": "2026-11-21T09:30:00.000Z",
                     *           "name": "Sortie usine Saint-Clair",
                     *           "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *           "kind": "plant_outlet",
                     *           "sensorIds": [
                     *             "PH_001",
                     *             "CL_001"
                     *           ],
                     *           "clientId": "01JC8Y5T0000000000ACME0001"
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["SamplingPoint"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    createSamplingPoint: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry safe: the first answer (5xx included) is kept 24 hours and replayed for the same key and payload; another payload is 422, a request still running 409.
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Sortie usine Saint-Clair",
                 *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                 *       "kind": "plant_outlet",
                 *       "sensorIds": [
                 *         "PH_001",
                 *         "CL_001"
                 *       ]
                 *     }
                 */
                "application/json": {
                    name: string;
                    /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
                    siteId: string;
                    /**
                     * @description plant_outlet, reservoir, network or customer_tap: which limits apply depends on it
                     * @enum {string}
                     */
                    kind: "plant_outlet" | "reservoir" | "network" | "customer_tap";
                    /**
                     * @description Sensors of the site measuring here: their readings are judged by this point's limits
                     * @default []
                     */
                    sensorIds?: string[];
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    ETag?: string;
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7S0P",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "Sortie usine Saint-Clair",
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "kind": "plant_outlet",
                     *       "sensorIds": [
                     *         "PH_001",
                     *         "CL_001"
                     *       ],
                     *       "clientId": "01JC8Y5T0000000000ACME0001"
                     *     }
                     */
                    "application/json": components["schemas"]["SamplingPoint"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getSamplingPoint: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, name, siteId, clientId, kind, sensorIds (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: {
                "If-None-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Found */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7S0P",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "Sortie usine Saint-Clair",
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "kind": "plant_outlet",
                     *       "sensorIds": [
                     *         "PH_001",
                     *         "CL_001"
                     *       ],
                     *       "clientId": "01JC8Y5T0000000000ACME0001"
                     *     }
                     */
                    "application/json": components["schemas"]["SamplingPoint"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    deleteSamplingPoint: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    updateSamplingPoint: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "kind": "customer_tap",
                 *       "sensorIds": []
                 *     }
                 */
                "application/json": {
                    name?: string;
                    /**
                     * @description plant_outlet, reservoir, network or customer_tap: which limits apply depends on it
                     * @enum {string}
                     */
                    kind?: "plant_outlet" | "reservoir" | "network" | "customer_tap";
                    sensorIds?: string[];
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7S0P",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "name": "Sortie usine Saint-Clair",
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "kind": "plant_outlet",
                     *       "sensorIds": [
                     *         "PH_001",
                     *         "CL_001"
                     *       ],
                     *       "clientId": "01JC8Y5T0000000000ACME0001"
                     *     }
                     */
                    "application/json": components["schemas"]["SamplingPoint"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    importQualitySamples: {
        parameters: {
            query?: {
                tz?: string;
            };
            header?: {
                /**
                 * @description Makes a retry safe: the first answer (5xx included) is kept 24 hours and replayed for the same key and payload; another payload is 422, a request still running 409.
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "samples": [
                 *         {
                 *           "samplingPointId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7S0P",
                 *           "takenAt": "2026-11-20T08:30:00+01:00",
                 *           "parameter": "nitrate",
                 *           "value": 12.4,
                 *           "unit": "mg/L",
                 *           "method": "NF EN ISO 10304-1",
                 *           "limitOfQuantification": 0.5,
                 *           "lab": "Laboratoire Carso"
                 *         },
                 *         {
                 *           "samplingPointId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7S0P",
                 *           "takenAt": "2026-11-20T08:30:00+01:00",
                 *           "parameter": "lead",
                 *           "value": "<2",
                 *           "unit": "µg/L",
                 *           "method": "NF EN ISO 17294-2",
                 *           "limitOfQuantification": 2,
                 *           "lab": "Laboratoire Carso"
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": {
                    samples: {
                        samplingPointId: string;
                        /** @description ISO 8601 with an offset, or a local time (YYYY-MM-DD hh:mm, dd/mm/yyyy hh:mm) in `tz` */
                        takenAt: string;
                        /** @description A catalogue code or name (French names too: "Nitrates", "Plomb", "Turbidité"...) */
                        parameter: string;
                        /** @description A number, "<0.5" (below the limit of quantification: kept as such), ">100", or "n.d." with limitOfQuantification */
                        value: number | string;
                        unit: string;
                        method?: string;
                        limitOfQuantification?: number | string;
                        lab?: string;
                    }[];
                } | {
                    /** @description Sent as text/csv: the file itself */
                    csv: string;
                };
                "text/csv": string;
            };
        };
        responses: {
            /** @description What was stored, row by row (a row already stored with the same value is a duplicate) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": 2,
                     *       "created": 2,
                     *       "duplicates": 0,
                     *       "rows": [
                     *         {
                     *           "row": 1,
                     *           "sampleId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7Q01",
                     *           "status": "created",
                     *           "verdict": "compliant"
                     *         },
                     *         {
                     *           "row": 2,
                     *           "sampleId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7Q02",
                     *           "status": "created",
                     *           "verdict": "compliant"
                     *         }
                     *       ],
                     *       "exceedancesOpened": 0,
                     *       "exceedancesClosed": 0
                     *     }
                     */
                    "application/json": components["schemas"]["ImportSamplesResult"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listExceedances: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                siteId?: string;
                parameter?: string;
                from?: string;
                to?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, origin, siteId, clientId, samplingPointId, sensorId, parameter, unit, bound, limit, limit.value, limit.setId, limit.setName, limit.source, limit.note, start, end, worst, worst.value, worst.at, observations, alertId (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7E01",
                     *           "version": 3,
                     *           "createdAt": "2026-11-21T09:30:00.000Z",
                     *           "updatedAt": "2026-11-21T10:05:00.000Z",
                     *           "origin": "continuous",
                     *           "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *           "clientId": "01JC8Y5T0000000000ACME0001",
                     *           "samplingPointId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7S0P",
                     *           "sensorId": "PH_001",
                     *           "parameter": "ph",
                     *           "unit": "pH",
                     *           "bound": "max",
                     *           "limit": {
                     *             "value": 9.5,
                     *             "setId": "eu-dwd-2020-2184",
                     *             "setName": "EU Drinking Water Directive 2020/2184, Annex I",
                     *             "source": "Directive (EU) 2020/2184, Annex I, Part C",
                     *             "note": null
                     *           },
                     *           "start": "2026-11-21T09:29:00.000Z",
                     *           "end": "2026-11-21T10:04:00.000Z",
                     *           "worst": {
                     *             "value": 9.9,
                     *             "at": "2026-11-21T09:41:00.000Z"
                     *           },
                     *           "observations": 35,
                     *           "alertId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A01"
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["Exceedance"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getQualityCompliance: {
        parameters: {
            query: {
                siteId: string;
                from?: string;
                to?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of siteId, from, to, parameters (id is always included)
                 * @example siteId,from,to
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One row per parameter (none for a site the caller cannot see, as a list filtered on it) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "from": "2026-11-01T00:00:00.000Z",
                     *       "to": "2026-12-01T00:00:00.000Z",
                     *       "parameters": [
                     *         {
                     *           "parameter": "ph",
                     *           "name": "Hydrogen ion concentration (pH)",
                     *           "unit": "pH",
                     *           "samplesTaken": 4,
                     *           "samplesCompliant": 4,
                     *           "samplesNonCompliant": 0,
                     *           "samplesNotAssessable": 0,
                     *           "shareCompliant": 1,
                     *           "exceedances": 1,
                     *           "continuous": {
                     *             "sensors": 1,
                     *             "hoursMeasured": 720,
                     *             "hoursOutOfRange": 1,
                     *             "exceedanceHours": 0.58
                     *           },
                     *           "limit": {
                     *             "parameter": "ph",
                     *             "unit": "pH",
                     *             "min": {
                     *               "value": 6.5,
                     *               "setId": "eu-dwd-2020-2184",
                     *               "setName": "EU Drinking Water Directive 2020/2184, Annex I",
                     *               "source": "Directive (EU) 2020/2184, Annex I, Part C",
                     *               "note": null
                     *             },
                     *             "max": {
                     *               "value": 9.5,
                     *               "setId": "eu-dwd-2020-2184",
                     *               "setName": "EU Drinking Water Directive 2020/2184, Annex I",
                     *               "source": "Directive (EU) 2020/2184, Annex I, Part C",
                     *               "note": null
                     *             }
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Compliance"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    createQualityReport: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry safe: the first answer (5xx included) is kept 24 hours and replayed for the same key and payload; another payload is 422, a request still running 409.
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "siteId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                 *       "month": "2026-11"
                 *     }
                 */
                "application/json": {
                    /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
                    siteId: string;
                    /** @description The calendar month (UTC) */
                    month: string;
                };
            };
        };
        responses: {
            /** @description The report and its CSV, available, with short-lived download URLs */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "pdf": {
                     *         "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7D0C",
                     *         "version": 1,
                     *         "createdAt": "2026-11-21T09:30:00.000Z",
                     *         "updatedAt": "2026-11-21T09:30:00.000Z",
                     *         "parentType": "site",
                     *         "parentId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *         "clientId": "01JC8Y5T0000000000ACME0001",
                     *         "fileName": "water-quality-01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B-2026-11.pdf",
                     *         "contentType": "application/pdf",
                     *         "sizeBytes": 482113,
                     *         "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                     *         "tags": [
                     *           "report",
                     *           "water-quality"
                     *         ],
                     *         "status": "available",
                     *         "uploadedBy": {
                     *           "subject": "b3f1c2d4-0000-4000-8000-000000000004",
                     *           "username": "client@hydrant.local"
                     *         },
                     *         "availableAt": "2026-12-01T07:00:01.000Z",
                     *         "rejectedReason": null,
                     *         "download": {
                     *           "url": "https://...",
                     *           "expiresAt": "2026-12-01T07:05:01.000Z"
                     *         }
                     *       },
                     *       "csv": {
                     *         "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7D0C",
                     *         "version": 1,
                     *         "createdAt": "2026-11-21T09:30:00.000Z",
                     *         "updatedAt": "2026-11-21T09:30:00.000Z",
                     *         "parentType": "site",
                     *         "parentId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *         "clientId": "01JC8Y5T0000000000ACME0001",
                     *         "fileName": "water-quality-01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B-2026-11.csv",
                     *         "contentType": "text/csv",
                     *         "sizeBytes": 482113,
                     *         "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                     *         "tags": [
                     *           "report",
                     *           "water-quality"
                     *         ],
                     *         "status": "available",
                     *         "uploadedBy": {
                     *           "subject": "b3f1c2d4-0000-4000-8000-000000000004",
                     *           "username": "client@hydrant.local"
                     *         },
                     *         "availableAt": "2026-12-01T07:00:01.000Z",
                     *         "rejectedReason": null,
                     *         "download": {
                     *           "url": "https://...",
                     *           "expiresAt": "2026-12-01T07:05:01.000Z"
                     *         }
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["QualityReport"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    importConsumption: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "rows": [
                 *         {
                 *           "connectionId": "PDL-000123",
                 *           "zoneId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                 *           "periodStart": "2026-01-01",
                 *           "periodEnd": "2026-03-31",
                 *           "volumeM3": 28.4,
                 *           "billed": true,
                 *           "metered": true
                 *         },
                 *         {
                 *           "connectionId": "HYDRANT-FIRE",
                 *           "zoneId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                 *           "periodStart": "2026-01-01",
                 *           "periodEnd": "2026-03-31",
                 *           "volumeM3": 12,
                 *           "billed": false,
                 *           "metered": false
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["ImportConsumptionBody"] | {
                    /** @description The customer connection (service connection, meter point) as the billing system names it */
                    connectionId: string;
                    /**
                     * @description The zone (district metered area) the connection is in
                     * @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B
                     */
                    zoneId: string;
                    /**
                     * Format: date
                     * @description First day of the billed period (inclusive, UTC day)
                     * @example 2026-01-01
                     */
                    periodStart: string;
                    /**
                     * Format: date
                     * @description Last day of the billed period (inclusive, at most 366 days after the start)
                     * @example 2026-01-01
                     */
                    periodEnd: string;
                    /** @description Volume of the period, m³ */
                    volumeM3: number;
                    /**
                     * @description Billed authorised consumption (true) or unbilled authorised (false: fire fighting, flushing...)
                     * @default true
                     */
                    billed?: boolean;
                    /**
                     * @description Measured by a customer meter (true) or estimated (flat rate, false)
                     * @default true
                     */
                    metered?: boolean;
                }[];
                /**
                 * @example branchement;zone;début;fin;volume (m3);facturé;comptage
                 *     PDL-000123;01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B;01/01/2026;31/03/2026;28,4;oui;compteur
                 *     HYDRANT-FIRE;01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B;01/01/2026;31/03/2026;12;non;forfait
                 */
                "text/csv": string;
            };
        };
        responses: {
            /** @description Every row stored; or none, with 400 INVALID_CONSUMPTION_ROWS listing each row's problems */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "imported": 2,
                     *       "zones": [
                     *         "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B"
                     *       ],
                     *       "periodStart": "2026-01-01",
                     *       "periodEnd": "2026-03-31"
                     *     }
                     */
                    "application/json": components["schemas"]["ImportConsumptionResult"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getZoneWaterBalance: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of zoneId, from, to, periodDays, systemInputVolume, systemInputVolume.m3, systemInputVolume.basis, systemInputVolume.from, billedAuthorised, billedAuthorised.m3, billedAuthorised.basis, billedAuthorised.from, unbilledAuthorised, unbilledAuthorised.m3, unbilledAuthorised.basis, unbilledAuthorised.from, authorisedConsumption, authorisedConsumption.m3, authorisedConsumption.basis, authorisedConsumption.from, nonRevenueWater, nonRevenueWater.m3, nonRevenueWater.basis, nonRevenueWater.from, waterLosses, waterLosses.m3, waterLosses.basis, waterLosses.from, apparentLosses, apparentLosses.m3, apparentLosses.basis, apparentLosses.from, apparentLosses.unauthorisedConsumption, apparentLosses.unauthorisedConsumption.m3, apparentLosses.unauthorisedConsumption.basis, apparentLosses.unauthorisedConsumption.from, apparentLosses.meterUnderRegistration, apparentLosses.meterUnderRegistration.m3, apparentLosses.meterUnderRegistration.basis, apparentLosses.meterUnderRegistration.from, apparentLosses.dataHandlingErrors, apparentLosses.dataHandlingErrors.m3, apparentLosses.dataHandlingErrors.basis, apparentLosses.dataHandlingErrors.from, realLosses, realLosses.m3, realLosses.basis, realLosses.from, unavoidableRealLosses, unavoidableRealLosses.m3, unavoidableRealLosses.basis, unavoidableRealLosses.from, infrastructureLeakageIndex, infrastructureLeakageIndex.value, infrastructureLeakageIndex.basis, realLossesLPerConnectionPerDay, warnings, sources, sources.meters, sources.systemInputHours, sources.systemInputCompleteness, sources.consumption, sources.consumption.rows, sources.consumption.connections, sources.consumption.prorated, sources.consumption.billedMeteredM3, sources.consumption.billedUnmeteredM3, sources.consumption.unbilledMeteredM3, sources.consumption.unbilledUnmeteredM3 (id is always included)
                 * @example zoneId,from,to
                 */
                fields?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The balance */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "zoneId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B",
                     *       "from": "2026-01-01T00:00:00.000Z",
                     *       "to": "2026-04-01T00:00:00.000Z",
                     *       "periodDays": 90,
                     *       "systemInputVolume": {
                     *         "m3": 54000,
                     *         "basis": "measured",
                     *         "from": "zone meters (in − out)"
                     *       },
                     *       "billedAuthorised": {
                     *         "m3": 40000,
                     *         "basis": "measured",
                     *         "from": "billed consumption imported for the period"
                     *       },
                     *       "unbilledAuthorised": {
                     *         "m3": 675,
                     *         "basis": "estimated",
                     *         "from": "unbilled metered + unbilled unmetered"
                     *       },
                     *       "authorisedConsumption": {
                     *         "m3": 40675,
                     *         "basis": "estimated",
                     *         "from": "billed + unbilled authorised"
                     *       },
                     *       "nonRevenueWater": {
                     *         "m3": 14000,
                     *         "basis": "measured",
                     *         "from": "system input − billed authorised"
                     *       },
                     *       "waterLosses": {
                     *         "m3": 13325,
                     *         "basis": "estimated",
                     *         "from": "system input − authorised consumption"
                     *       },
                     *       "apparentLosses": {
                     *         "m3": 1051.3,
                     *         "basis": "estimated",
                     *         "from": "unauthorised + meter under-registration + data handling",
                     *         "unauthorisedConsumption": {
                     *           "m3": 135,
                     *           "basis": "estimated",
                     *           "from": "0.25 % of system input (AWWA default)"
                     *         },
                     *         "meterUnderRegistration": {
                     *           "m3": 816.3,
                     *           "basis": "estimated",
                     *           "from": "customer meters registering 98 % of the true volume (Hydrant assumption)"
                     *         },
                     *         "dataHandlingErrors": {
                     *           "m3": 100,
                     *           "basis": "estimated",
                     *           "from": "0.25 % of billed authorised (AWWA default)"
                     *         }
                     *       },
                     *       "realLosses": {
                     *         "m3": 12273.7,
                     *         "basis": "estimated",
                     *         "from": "water losses − apparent losses"
                     *       },
                     *       "unavoidableRealLosses": {
                     *         "m3": 4536,
                     *         "basis": "estimated",
                     *         "from": "(18 × 12 km + 0.8 × 800 + 25 × 0 km) × 50 m × 90 d, Lp taken as 0 (meters at the property line)"
                     *       },
                     *       "infrastructureLeakageIndex": {
                     *         "value": 2.71,
                     *         "basis": "estimated"
                     *       },
                     *       "realLossesLPerConnectionPerDay": 170.5,
                     *       "warnings": [
                     *         "UARL is less reliable below 3 000 service connections"
                     *       ],
                     *       "sources": {
                     *         "meters": [
                     *           {
                     *             "sensorId": "FLOW_IN_01",
                     *             "direction": "in",
                     *             "m3": 54000,
                     *             "hoursCovered": 2160
                     *           }
                     *         ],
                     *         "systemInputHours": 2160,
                     *         "systemInputCompleteness": 1,
                     *         "consumption": {
                     *           "rows": 800,
                     *           "connections": 800,
                     *           "prorated": false,
                     *           "billedMeteredM3": 40000,
                     *           "billedUnmeteredM3": 0,
                     *           "unbilledMeteredM3": 0,
                     *           "unbilledUnmeteredM3": 0
                     *         }
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["WaterBalance"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getNotificationPreferences: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of locale, email, eventTypes, updatedAt (id is always included)
                 * @example locale,email,eventTypes
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The preferences (the defaults until set: English, no e-mail) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "locale": "fr",
                     *       "email": "digest",
                     *       "eventTypes": [
                     *         "work_order.assigned",
                     *         "alert.raised"
                     *       ],
                     *       "updatedAt": "2026-11-21T09:30:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["NotificationPreferences"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    updateNotificationPreferences: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "locale": "fr",
                 *       "email": "digest",
                 *       "eventTypes": [
                 *         "work_order.assigned",
                 *         "alert.raised"
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["NotificationPreferencesBody"];
            };
        };
        responses: {
            /** @description Saved */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "locale": "fr",
                     *       "email": "digest",
                     *       "eventTypes": [
                     *         "work_order.assigned",
                     *         "alert.raised"
                     *       ],
                     *       "updatedAt": "2026-11-21T09:30:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["NotificationPreferences"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    unsubscribe: {
        parameters: {
            query: {
                token: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of unsubscribed, email (id is always included)
                 * @example unsubscribed,email
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description E-mails are off */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "unsubscribed": true,
                     *       "email": "off"
                     *     }
                     */
                    "application/json": components["schemas"]["UnsubscribeResult"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    predict: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "modelName": "water_quality_predictor",
                 *       "inputData": {
                 *         "ph": 7.2,
                 *         "turbidity": 0.8,
                 *         "chlorine": 0.3,
                 *         "temperature": 18.5
                 *       },
                 *       "explanationRequested": true,
                 *       "confidenceThreshold": 0.7
                 *     }
                 */
                "application/json": {
                    /**
                     * @description The model: `water_quality_predictor`
                     * @enum {string}
                     */
                    modelName: "water_quality_predictor";
                    /** @description The current values, or `{siteId}` or `{sensorIds}` to read them from the telemetry store */
                    inputData: {
                        /** @description Free chlorine, mg/L */
                        chlorine: number;
                        /** @description Turbidity, NTU */
                        turbidity: number;
                        /** @description Water temperature, °C */
                        temperature: number;
                        /** @description pH */
                        ph: number;
                        /** @description Change of free chlorine over the last 3 hours, mg/L; default 0 (unknown) */
                        chlorineTrend?: number;
                        /** @description Change of turbidity over the last 3 hours, NTU; default 0 (unknown) */
                        turbidityTrend?: number;
                        /**
                         * Format: date-time
                         * @description When the values were read (the hour of day enters the model); default now
                         * @example 2026-11-21T09:30:00Z
                         */
                        at?: string;
                    } | {
                        /**
                         * @description The site (sampling point): its chlorine, turbidity, temperature and pH sensors' last hourly means are read, with their 3-hour trend
                         * @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B
                         */
                        siteId: string;
                    } | {
                        /** @description One sensor of each kind: chlorine, turbidity, temperature, pH (their last hourly means and 3-hour trends are read) */
                        sensorIds: string[];
                    };
                    /**
                     * @description Include the explanation (contributions and sentence)
                     * @default true
                     */
                    explanationRequested?: boolean;
                    /**
                     * @description A prediction whose confidence is below it is recorded in the audit trail and says so; confidence = max(p, 1 - p)
                     * @default 0.7
                     */
                    confidenceThreshold?: number;
                };
            };
        };
        responses: {
            /** @description The prediction */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "modelName": "water_quality_predictor",
                     *       "modelVersion": "01KBZ4Q8M6Q2V3W4X5Y6Z7A8BC",
                     *       "modelKind": "trained",
                     *       "note": null,
                     *       "prediction": {
                     *         "probabilityBelowLimit": 0.1438,
                     *         "limitMgL": 0.2,
                     *         "horizonHours": 6,
                     *         "expectedMinimumChlorineMgL": 0.252
                     *       },
                     *       "confidence": 0.8562,
                     *       "lowConfidence": false,
                     *       "uncertainty": {
                     *         "quantity": "minimumChlorineMgL",
                     *         "lower": 0.169,
                     *         "upper": 0.375,
                     *         "level": 0.9,
                     *         "measuredCoverage": 0.907
                     *       },
                     *       "explanation": {
                     *         "baseline": 0.0591,
                     *         "contributions": [
                     *           {
                     *             "feature": "chlorine",
                     *             "value": 0.3,
                     *             "unit": "mg/L",
                     *             "contribution": 0.0781,
                     *             "logOdds": 0.9072
                     *           },
                     *           {
                     *             "feature": "hourUtc",
                     *             "value": 21,
                     *             "unit": "h (UTC)",
                     *             "contribution": 0.0139,
                     *             "logOdds": 0.1614
                     *           },
                     *           {
                     *             "feature": "ph",
                     *             "value": 7.2,
                     *             "unit": "pH",
                     *             "contribution": -0.0078,
                     *             "logOdds": -0.0904
                     *           }
                     *         ],
                     *         "sentence": "The probability that free chlorine falls below 0.2 mg/L within 6 hours is 14 %, against 6 % for a typical hour: raised by free chlorine 0.3 mg/L (+8 points) and the hour of day (demand cycle) 21h UTC (+1 points); lowered by pH 7.2 (−1 points).",
                     *         "method": "Exact Shapley values of the log-odds model against the reference point (baseline Shapley: a column of one input goes to that input, a column of two inputs is shared by their exact two-player Shapley values); the change of probability from the baseline is shared among inputs in proportion to their log-odds values."
                     *       },
                     *       "inputs": {
                     *         "chlorine": 0.3,
                     *         "turbidity": 0.8,
                     *         "temperature": 18.5,
                     *         "ph": 7.2,
                     *         "chlorineTrend": 0,
                     *         "turbidityTrend": 0,
                     *         "hourUtc": 21
                     *       },
                     *       "recommendation": {
                     *         "action": "none",
                     *         "rule": "R5",
                     *         "text": "No action: free chlorine should stay above its limit."
                     *       },
                     *       "processingTimeMs": 1.84
                     *     }
                     */
                    "application/json": components["schemas"]["Prediction"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listModels: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of data (id is always included)
                 * @example data
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The models */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "name": "water_quality_predictor",
                     *           "predicts": "The probability that the hourly mean free chlorine at a sampling point falls below 0.2 mg/L within the next 6 hours, with the lowest chlorine expected and its 90 % conformal interval.",
                     *           "kind": "trained",
                     *           "version": "01KBZ4Q8M6Q2V3W4X5Y6Z7A8BC",
                     *           "trainedAt": "2026-12-07T02:30:12Z",
                     *           "target": {
                     *             "limitMgL": 0.2,
                     *             "horizonHours": 6
                     *           },
                     *           "trainingWindow": {
                     *             "from": "2026-06-10T00:00:00Z",
                     *             "to": "2026-11-08T00:00:00Z",
                     *             "examples": 3530,
                     *             "positives": 311
                     *           },
                     *           "calibrationWindow": {
                     *             "from": "2026-10-01T00:00:00Z",
                     *             "to": "2026-11-08T00:00:00Z",
                     *             "examples": 880,
                     *             "positives": 71
                     *           },
                     *           "evaluation": {
                     *             "window": {
                     *               "from": "2026-11-08T06:00:00Z",
                     *               "to": "2026-12-07T02:00:00Z",
                     *               "examples": 880,
                     *               "positives": 64
                     *             },
                     *             "auc": 0.83,
                     *             "brier": 0.061,
                     *             "calibration": [
                     *               {
                     *                 "from": 0,
                     *                 "to": 0.1,
                     *                 "count": 640,
                     *                 "meanPredicted": 0.03,
                     *                 "observedRate": 0.028
                     *               }
                     *             ],
                     *             "intervalCoverage": 0.902,
                     *             "persistence": {
                     *               "auc": 0.79,
                     *               "brier": 0.083
                     *             }
                     *           },
                     *           "provenance": "Trained on the hourly means of site 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B, 180 days to 2026-12-07T02:00:00.000Z.",
                     *           "lastTraining": {
                     *             "status": "succeeded",
                     *             "requestedAt": "2026-12-07T02:30:00Z",
                     *             "completedAt": "2026-12-07T02:30:12Z",
                     *             "reason": null
                     *           }
                     *         },
                     *         {
                     *           "name": "asset_failure_predictor",
                     *           "predicts": "The probability that an asset gets a corrective work order within the next 30 days (other horizons converted at a constant hazard), from its age, type, sensors and work-order history; GET /v1/assets/at-risk ranks the assets by it.",
                     *           "kind": "default",
                     *           "version": "default-1",
                     *           "trainedAt": "2026-12-08T00:00:00Z",
                     *           "target": {
                     *             "horizonDays": 30
                     *           },
                     *           "trainingWindow": {
                     *             "from": "2023-01-01T00:00:00Z",
                     *             "to": "2025-01-30T00:00:00Z",
                     *             "examples": 11250,
                     *             "positives": 610
                     *           },
                     *           "evaluation": {
                     *             "window": {
                     *               "from": "2025-01-25T00:00:00Z",
                     *               "to": "2025-12-21T00:00:00Z",
                     *               "examples": 4050,
                     *               "positives": 220
                     *             },
                     *             "auc": 0.817,
                     *             "brier": 0.05,
                     *             "calibration": [
                     *               {
                     *                 "from": 0,
                     *                 "to": 0.1,
                     *                 "count": 3600,
                     *                 "meanPredicted": 0.03,
                     *                 "observedRate": 0.031
                     *               }
                     *             ],
                     *             "ageBaseline": {
                     *               "auc": 0.656
                     *             }
                     *           },
                     *           "provenance": "Trained on 4 simulated years of 3 fleets of 150 assets (lib/local/simulator/fleet.ts, seeds 11, 23, 37) by scripts/asset-risk-default-model.ts.",
                     *           "lastTraining": null
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        data: (components["schemas"]["AiModel"] | components["schemas"]["AssetFailureModel"])[];
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    trainModel: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry safe: the first answer (5xx included) is kept 24 hours and replayed for the same key and payload; another payload is 422, a request still running 409.
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: string;
            };
            path: {
                name: "water_quality_predictor" | "asset_failure_predictor";
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "limitMgL": 0.2,
                 *       "horizonHours": 6,
                 *       "days": 180
                 *     }
                 */
                "application/json": {
                    /** @description Sites (sampling points) whose history trains the model; default every site with chlorine, turbidity, temperature and pH sensors */
                    siteIds?: string[];
                    /**
                     * @description The chlorine limit the model predicts falls below (a tenant target stricter than 0.2 mg/L)
                     * @default 0.2
                     */
                    limitMgL?: number;
                    /** @default 6 */
                    horizonHours?: number;
                    /**
                     * @description Days of history read (`asset_failure_predictor` reads three years of work orders and ignores limitMgL and horizonHours: it is trained at 30 days)
                     * @default 180
                     */
                    days?: number;
                };
            };
        };
        responses: {
            /** @description Queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "name": "water_quality_predictor",
                     *       "status": "queued",
                     *       "requestedAt": "2026-12-07T02:30:00Z"
                     *     }
                     */
                    "application/json": {
                        /**
                         * @description The model: `water_quality_predictor` (chlorine falls, POST /v1/ai/predict) or `asset_failure_predictor` (corrective work orders, GET /v1/assets/at-risk)
                         * @enum {string}
                         */
                        name: "water_quality_predictor" | "asset_failure_predictor";
                        /** @constant */
                        status: "queued";
                        /**
                         * Format: date-time
                         * @example 2026-11-21T09:30:00Z
                         */
                        requestedAt: string;
                    };
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listConnectors: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, type, enabled, config, hasCredentials, authorizedAt, lastSyncAt, syncStatus, lastError (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C01",
                     *           "version": 1,
                     *           "createdAt": "2026-11-21T09:30:00.000Z",
                     *           "updatedAt": "2026-11-21T09:30:00.000Z",
                     *           "type": "slack",
                     *           "enabled": true,
                     *           "config": {
                     *             "channels": {
                     *               "alert.raised": "#ops-alerts",
                     *               "work_order.created": "#field"
                     *             }
                     *           },
                     *           "hasCredentials": true,
                     *           "authorizedAt": null,
                     *           "lastSyncAt": null,
                     *           "syncStatus": "never",
                     *           "lastError": null
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["Connector"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    createConnector: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry safe: the first answer (5xx included) is kept 24 hours and replayed for the same key and payload; another payload is 422, a request still running 409.
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "slack",
                 *       "config": {
                 *         "channels": {
                 *           "alert.raised": "#ops-alerts"
                 *         }
                 *       },
                 *       "credentials": {
                 *         "botToken": "xoxb-0000-example"
                 *       }
                 *     }
                 */
                "application/json": {
                    /** @enum {string} */
                    type: "sage_100" | "silae" | "quickbooks" | "slack" | "google_calendar" | "dropbox";
                    /** @default true */
                    enabled?: boolean;
                    /**
                     * @description Non-secret settings of the connector (e.g. Slack `channels` by event type, Silae `companyCode`, a provider `baseUrl`)
                     * @default {}
                     */
                    config?: {
                        [key: string]: (string | number | boolean | null) | {
                            [key: string]: string;
                        };
                    };
                    /** @description Secrets (API keys, bot tokens, OAuth client secrets): sealed on receipt, never answered nor logged */
                    credentials?: {
                        [key: string]: string;
                    };
                };
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    ETag?: string;
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C01",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "type": "slack",
                     *       "enabled": true,
                     *       "config": {
                     *         "channels": {
                     *           "alert.raised": "#ops-alerts",
                     *           "work_order.created": "#field"
                     *         }
                     *       },
                     *       "hasCredentials": true,
                     *       "authorizedAt": null,
                     *       "lastSyncAt": null,
                     *       "syncStatus": "never",
                     *       "lastError": null
                     *     }
                     */
                    "application/json": components["schemas"]["Connector"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    getConnector: {
        parameters: {
            query?: {
                /**
                 * @description Sparse fieldset: a comma-separated list of id, version, createdAt, updatedAt, type, enabled, config, hasCredentials, authorizedAt, lastSyncAt, syncStatus, lastError (id is always included)
                 * @example id,version,createdAt
                 */
                fields?: string;
            };
            header?: {
                "If-None-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Found */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C01",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "type": "slack",
                     *       "enabled": true,
                     *       "config": {
                     *         "channels": {
                     *           "alert.raised": "#ops-alerts",
                     *           "work_order.created": "#field"
                     *         }
                     *       },
                     *       "hasCredentials": true,
                     *       "authorizedAt": null,
                     *       "lastSyncAt": null,
                     *       "syncStatus": "never",
                     *       "lastError": null
                     *     }
                     */
                    "application/json": components["schemas"]["Connector"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    deleteConnector: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    updateConnector: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "enabled": false
                 *     }
                 */
                "application/json": {
                    enabled?: boolean;
                    /** @description Merged into the current settings */
                    config?: {
                        [key: string]: (string | number | boolean | null) | {
                            [key: string]: string;
                        };
                    };
                    /** @description Replace the stored credentials */
                    credentials?: {
                        [key: string]: string;
                    };
                };
            };
        };
        responses: {
            /** @description Updated */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C01",
                     *       "version": 1,
                     *       "createdAt": "2026-11-21T09:30:00.000Z",
                     *       "updatedAt": "2026-11-21T09:30:00.000Z",
                     *       "type": "slack",
                     *       "enabled": true,
                     *       "config": {
                     *         "channels": {
                     *           "alert.raised": "#ops-alerts",
                     *           "work_order.created": "#field"
                     *         }
                     *       },
                     *       "hasCredentials": true,
                     *       "authorizedAt": null,
                     *       "lastSyncAt": null,
                     *       "syncStatus": "never",
                     *       "lastError": null
                     *     }
                     */
                    "application/json": components["schemas"]["Connector"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            412: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listConnectorRuns: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of id, connectorId, trigger, eventId, started, completed, status, records, errors (id is always included)
                 * @example id,connectorId,trigger
                 */
                fields?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7R01",
                     *           "connectorId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C01",
                     *           "trigger": "event",
                     *           "eventId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7E01",
                     *           "started": "2026-11-21T09:31:00.000Z",
                     *           "completed": "2026-11-21T09:31:01.000Z",
                     *           "status": "succeeded",
                     *           "records": 1,
                     *           "errors": []
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": {
                        data: components["schemas"]["ConnectorRun"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    authorizeConnector: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The consent URL */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "authorizationUrl": "https://appcenter.intuit.com/connect/oauth2?client_id=...&state=...",
                     *       "expiresAt": "2026-11-21T09:40:00.000Z"
                     *     }
                     */
                    "application/json": {
                        /** @description The provider's consent page, with a signed `state` and a PKCE challenge where the provider takes one */
                        authorizationUrl: string;
                        /**
                         * Format: date-time
                         * @description The state is refused after this time
                         * @example 2026-11-21T09:30:00Z
                         */
                        expiresAt: string;
                    };
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            404: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    completeConnectorOAuth: {
        parameters: {
            query: {
                code?: string;
                state: string;
                error?: string;
                realmId?: string;
                scope?: string;
                /**
                 * @description Sparse fieldset: a comma-separated list of connectorId, type, authorizedAt (id is always included)
                 * @example connectorId,type,authorizedAt
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Authorized */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "connectorId": "01JD5Y7Z8M6Q2V3W4X5Y6Z7C01",
                     *       "type": "quickbooks",
                     *       "authorizedAt": "2026-11-21T09:35:00.000Z"
                     *     }
                     */
                    "application/json": {
                        /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
                        connectorId: string;
                        /** @enum {string} */
                        type: "sage_100" | "silae" | "quickbooks" | "slack" | "google_calendar" | "dropbox";
                        /**
                         * Format: date-time
                         * @example 2026-11-21T09:30:00Z
                         */
                        authorizedAt: string;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    listAssetsAtRisk: {
        parameters: {
            query?: {
                siteId?: string;
                horizonDays?: number;
                limit?: number;
                /**
                 * @description Sparse fieldset: a comma-separated list of data, horizonDays, modelName, modelVersion, modelKind, note, evaluation, evaluation.auc, evaluation.brier, evaluation.ageBaselineAuc, evaluation.window, evaluation.window.from, evaluation.window.to, evaluation.window.examples, evaluation.window.positives, assetsRanked (id is always included)
                 * @example data,horizonDays,modelName
                 */
                fields?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The top assets by probability (none for a site the caller cannot see, as a list filtered on it) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "asset": {
                     *             "id": "01KBZ4Q8M6Q2V3W4X5Y6Z7A8BC",
                     *             "name": "Booster pump 2",
                     *             "type": "pump",
                     *             "siteId": "01KBZ4Q8M6Q2V3W4X5Y6Z7A8BD",
                     *             "installedAt": "2001-04-01T00:00:00Z",
                     *             "status": "operational"
                     *           },
                     *           "probability": 0.214,
                     *           "explanation": {
                     *             "baseline": 0.031,
                     *             "contributions": [
                     *               {
                     *                 "feature": "daysSinceCorrective",
                     *                 "value": 12,
                     *                 "unit": "days",
                     *                 "contribution": 0.101,
                     *                 "logOdds": 1.02
                     *               },
                     *               {
                     *                 "feature": "ageYears",
                     *                 "value": 25.7,
                     *                 "unit": "years",
                     *                 "contribution": 0.052,
                     *                 "logOdds": 0.53
                     *               },
                     *               {
                     *                 "feature": "vibrationMmS",
                     *                 "value": 3.9,
                     *                 "unit": "mm/s",
                     *                 "contribution": 0.03,
                     *                 "logOdds": 0.3
                     *               }
                     *             ],
                     *             "sentence": "The probability of a corrective work order within 30 days is 21.4 %, against 3.1 % for a typical asset: raised by days since the last corrective work order 12 days (+10.1 points) and age 25.7 years (+5.2 points) and mean vibration 3.9 mm/s (+3 points).",
                     *             "method": "Exact Shapley values of the log-odds model against the reference point."
                     *           },
                     *           "modelVersion": "default-1"
                     *         }
                     *       ],
                     *       "horizonDays": 30,
                     *       "modelName": "asset_failure_predictor",
                     *       "modelVersion": "default-1",
                     *       "modelKind": "default",
                     *       "note": "Default model: this tenant has no trained asset-failure model yet. Trained on 4 simulated years of 3 fleets of 150 assets.",
                     *       "evaluation": {
                     *         "auc": 0.817,
                     *         "brier": 0.05,
                     *         "ageBaselineAuc": 0.656,
                     *         "window": {
                     *           "from": "2025-01-01T00:00:00Z",
                     *           "to": "2025-12-31T00:00:00Z",
                     *           "examples": 5400,
                     *           "positives": 300
                     *         }
                     *       },
                     *       "assetsRanked": 1
                     *     }
                     */
                    "application/json": {
                        data: {
                            asset: {
                                /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
                                id: string;
                                name: string;
                                type: string;
                                /** @example 01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B */
                                siteId: string;
                                installedAt: string | null;
                                status: string;
                            };
                            /** @description P(a corrective work order is opened within horizonDays) */
                            probability: number;
                            explanation: {
                                /** @description The probability of a typical asset (the reference point) */
                                baseline: number;
                                /** @description Ordered by size; they sum to probability − baseline */
                                contributions: {
                                    /** @enum {string} */
                                    feature: "ageYears" | "type" | "pressureBar" | "vibrationMmS" | "runHoursPerDay" | "correctiveLast365" | "daysSinceCorrective" | "preventiveLast365";
                                    /** @description The input; null when unknown (then it takes the training mean and contributes nothing) */
                                    value: (number | string) | null;
                                    unit: string;
                                    /** @description Its share of probability − baseline (0..1 scale) */
                                    contribution: number;
                                    /** @description Its exact Shapley value of the model's log-odds */
                                    logOdds: number;
                                }[];
                                sentence: string;
                                method: string;
                            };
                            modelVersion: string;
                        }[];
                        horizonDays: number;
                        /** @constant */
                        modelName: "asset_failure_predictor";
                        modelVersion: string;
                        /** @enum {string} */
                        modelKind: "trained" | "default";
                        /** @description Set when the default model answers (the tenant has no trained one), with its provenance */
                        note: string | null;
                        evaluation: {
                            auc: number | null;
                            brier: number;
                            ageBaselineAuc: number | null;
                            window: {
                                from: string;
                                to: string;
                                examples: number;
                                positives: number;
                            };
                        };
                        /** @description Assets ranked (the visible assets of the site or tenant, at most 1000) */
                        assetsRanked: number;
                    };
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    batch: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retry safe: the first answer (5xx included) is kept 24 hours and replayed for the same key and payload; another payload is 422, a request still running 409.
                 * @example 8e03978e-40d5-43e8-bc93-6894a57f9324
                 */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "operations": [
                 *         {
                 *           "method": "POST",
                 *           "path": "/v1/sites",
                 *           "body": {
                 *             "name": "Station Sud",
                 *             "address": "8 quai Perrache, Lyon",
                 *             "location": {
                 *               "lat": 45.74,
                 *               "lon": 4.82
                 *             }
                 *           }
                 *         },
                 *         {
                 *           "method": "PATCH",
                 *           "path": "/v1/assets/01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C",
                 *           "body": {
                 *             "status": "down"
                 *           },
                 *           "headers": {
                 *             "if-match": "\"v2\""
                 *           }
                 *         }
                 *       ],
                 *       "atomic": true
                 *     }
                 */
                "application/json": {
                    operations: {
                        /** @enum {string} */
                        method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
                        path: string;
                        body?: unknown;
                        headers?: {
                            [key: string]: string;
                        };
                    }[];
                    /** @default false */
                    atomic?: boolean;
                };
            };
        };
        responses: {
            /** @description One result per operation, in order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "committed": true,
                     *       "results": [
                     *         {
                     *           "status": 201,
                     *           "body": {
                     *             "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A9F",
                     *             "name": "Station Sud"
                     *           }
                     *         },
                     *         {
                     *           "status": 200,
                     *           "body": {
                     *             "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C",
                     *             "status": "down",
                     *             "version": 3
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["BatchResult"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
    graphql: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "query": "query Site($id: ID!) { site(id: $id) { name assets(first: 10) { edges { node { name status } } } } }",
                 *       "variables": {
                 *         "id": "01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B"
                 *       }
                 *     }
                 */
                "application/json": {
                    /** @description The GraphQL document (schema: lib/model/graphql/schema.graphql) */
                    query: string;
                    variables?: {
                        [key: string]: unknown;
                    } | null;
                    operationName?: string | null;
                };
            };
        };
        responses: {
            /** @description The data, and an error per field that failed (extensions.code: the REST problem code) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": {
                     *         "site": {
                     *           "name": "Usine de Saint-Clair",
                     *           "assets": {
                     *             "edges": [
                     *               {
                     *                 "node": {
                     *                   "name": "Pompe P1",
                     *                   "status": "operational"
                     *                 }
                     *               }
                     *             ]
                     *           }
                     *         }
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["GraphqlAnswer"];
                };
            };
            400: components["responses"]["Problem"];
            401: components["responses"]["Problem"];
            403: components["responses"]["Problem"];
            409: components["responses"]["Problem"];
            413: components["responses"]["Problem"];
            415: components["responses"]["Problem"];
            429: components["responses"]["Problem"];
            500: components["responses"]["Problem"];
        };
    };
}

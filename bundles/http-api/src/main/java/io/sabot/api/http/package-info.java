/**
 * What the HTTP API bundle offers to other bundles of the container: {@link io.sabot.api.http.JobViews}, the jobs as
 * the API shows them (the web console's jobs page renders it), and {@link io.sabot.api.http.HttpSecurity}, the
 * authenticating servlet context every Sabot endpoint selects (since 1.1), and {@link io.sabot.api.http.Authentication}, the same login for surfaces with a servlet context of
 * their own, such as the web console (since 1.2). The HTTP API itself is {@code /sabot/api/v1}
 * (docs/http-api.md).
 */
@Version("1.2.0")
package io.sabot.api.http;

import org.osgi.annotation.versioning.Version;

/**
 * F14 API test scenarios: ordered HTTP steps with expectations and captures, runs that enforce the environment's
 * constraints before anything leaves the machine, findings of failed expectations, and the file format for export and
 * import ({@value ScenarioCodec#FORMAT}).
 */
@NullMarked
package io.qodex.domain.scenario;

import org.jspecify.annotations.NullMarked;

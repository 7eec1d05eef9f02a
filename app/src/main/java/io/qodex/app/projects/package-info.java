@NullMarked
package io.qodex.app.projects;

import org.jspecify.annotations.NullMarked;

/** The project assistant (streaming chat with cost per answer) and the project memory editor. */
@NullMarked
package io.qodex.app.assistant;

import org.jspecify.annotations.NullMarked;

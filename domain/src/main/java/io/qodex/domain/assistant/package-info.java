/** F10/F12 project assistant: chats stored in the project, project memory sent with every call. */
@NullMarked
package io.qodex.domain.assistant;

import org.jspecify.annotations.NullMarked;

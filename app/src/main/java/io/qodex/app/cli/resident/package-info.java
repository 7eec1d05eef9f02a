/** The CLI's background process: keeps the backend warm and answers read commands over a private socket. */
@NullMarked
package io.qodex.app.cli.resident;

import org.jspecify.annotations.NullMarked;

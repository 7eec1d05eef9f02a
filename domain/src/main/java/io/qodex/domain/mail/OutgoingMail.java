package io.qodex.domain.mail;

/** One message from the outbox. The body may hold a one-time code: never logged. */
public record OutgoingMail(long id, String to, String subject, String body) {

    @Override
    public String toString() {
        return "OutgoingMail[" + id + " to " + to + ": " + subject + "]";
    }
}

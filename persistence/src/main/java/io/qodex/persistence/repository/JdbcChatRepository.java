package io.qodex.persistence.repository;

import io.qodex.domain.assistant.Chat;
import io.qodex.domain.assistant.ChatMessage;
import io.qodex.domain.assistant.ChatRepository;
import io.qodex.domain.assistant.NewChatMessage;
import io.qodex.domain.common.QodexException;
import io.qodex.domain.llm.LlmMessage;
import io.qodex.domain.llm.Money;
import io.qodex.persistence.session.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/** The assistant's chats and messages ({@code chats}, {@code chat_messages}) through row-level security. */
public final class JdbcChatRepository implements ChatRepository {

    private final DataSource pool;

    public JdbcChatRepository(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public List<Chat> list(long projectId) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select ch.id, ch.project_id, ch.title, u.email, ch.created_at "
                    + "from chats ch left join users u on u.id = ch.created_by where ch.project_id = ? order by ch.id desc")) {
                p.setLong(1, projectId);
                try (ResultSet rs = p.executeQuery()) {
                    List<Chat> chats = new ArrayList<>();
                    while (rs.next()) {
                        chats.add(new Chat(rs.getLong(1), rs.getLong(2), rs.getString(3), Optional.ofNullable(rs.getString(4)),
                                rs.getObject(5, OffsetDateTime.class).toInstant()));
                    }
                    return chats;
                }
            }
        });
    }

    @Override
    public Chat create(long projectId, String title) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("insert into chats (project_id, title, created_by) "
                    + "values (?, ?, app_user_id()) returning id, created_at, (select email from users where id = app_user_id())")) {
                p.setLong(1, projectId);
                p.setString(2, title);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return new Chat(rs.getLong(1), projectId, title, Optional.ofNullable(rs.getString(3)),
                            rs.getObject(2, OffsetDateTime.class).toInstant());
                }
            }
        });
    }

    @Override
    public List<ChatMessage> messages(long projectId, long chatId) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("select id, chat_id, role, content, model, input_tokens, "
                    + "output_tokens, cost_micros, created_at from chat_messages where project_id = ? and chat_id = ? "
                    + "order by id")) {
                p.setLong(1, projectId);
                p.setLong(2, chatId);
                try (ResultSet rs = p.executeQuery()) {
                    List<ChatMessage> messages = new ArrayList<>();
                    while (rs.next()) {
                        messages.add(message(rs));
                    }
                    return messages;
                }
            }
        });
    }

    @Override
    public ChatMessage append(long projectId, long chatId, NewChatMessage message) {
        return Jdbc.inTransaction(pool, c -> {
            try (PreparedStatement p = c.prepareStatement("insert into chat_messages (project_id, chat_id, role, content, "
                    + "model, input_tokens, output_tokens, cost_micros, created_by) "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?, app_user_id()) returning id, chat_id, role, content, model, "
                    + "input_tokens, output_tokens, cost_micros, created_at")) {
                p.setLong(1, projectId);
                p.setLong(2, chatId);
                p.setString(3, message.role().code());
                p.setString(4, message.content());
                p.setString(5, message.model().orElse(null));
                setInt(p, 6, message.inputTokens());
                setInt(p, 7, message.outputTokens());
                if (message.cost().isPresent()) {
                    p.setLong(8, message.cost().get().micros());
                } else {
                    p.setNull(8, Types.BIGINT);
                }
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        throw QodexException.notFound("No such chat in this project.");
                    }
                    return message(rs);
                }
            }
        });
    }

    private static void setInt(PreparedStatement p, int index, OptionalLong value) throws SQLException {
        if (value.isPresent()) {
            p.setInt(index, (int) Math.min(Integer.MAX_VALUE, value.getAsLong()));
        } else {
            p.setNull(index, Types.INTEGER);
        }
    }

    private static ChatMessage message(ResultSet rs) throws SQLException {
        long input = rs.getLong(6);
        OptionalLong inputTokens = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(input);
        long output = rs.getLong(7);
        OptionalLong outputTokens = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(output);
        long cost = rs.getLong(8);
        Optional<Money> money = rs.wasNull() ? Optional.empty() : Optional.of(Money.ofMicros(cost));
        return new ChatMessage(rs.getLong(1), rs.getLong(2), LlmMessage.Role.parse(rs.getString(3)), rs.getString(4),
                Optional.ofNullable(rs.getString(5)), inputTokens, outputTokens, money,
                rs.getObject(9, OffsetDateTime.class).toInstant());
    }
}

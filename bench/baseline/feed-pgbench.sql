-- The baseline endpoint's statement (feed-endpoint.ts) for pgbench, first page of the last 30 days: how fast PostgreSQL alone answers it (bench/README.md).
SELECT a.id, a.title, a.url, a.summary, a.published_at, a.author, a.word_count,
      a.source_id, s.name AS source_name, a.category_id, c.name AS category_name, c.slug AS category_slug
    FROM article a JOIN source s ON s.id = a.source_id LEFT JOIN category c ON c.id = a.category_id
    WHERE a.published_at >= now() - interval '30 days' AND a.published_at < now() AND (a.published_at, a.id) < (now(), 2147483647)
    ORDER BY a.published_at DESC, a.id DESC LIMIT 21;

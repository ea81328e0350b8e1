-- Change columns that hold the zero date: NOT NULL with a created column (posts), nullable TIMESTAMP without one
-- (links). The sql_mode of the session that creates them must allow zero dates (MariaDB's default does).
CREATE TABLE posts (
  id INT PRIMARY KEY,
  title VARCHAR(100) NOT NULL,
  created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at DATETIME NOT NULL DEFAULT '0000-00-00 00:00:00',
  INDEX idx_posts_updated (updated_at),
  INDEX idx_posts_created (created_at)
);
CREATE TABLE links (
  id INT PRIMARY KEY,
  url VARCHAR(200) NOT NULL,
  updated_at TIMESTAMP NULL DEFAULT NULL,
  INDEX idx_links_updated (updated_at)
);

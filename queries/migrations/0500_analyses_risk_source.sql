-- What set a post's content risk level: 词典 (a floor term), 模型 (the severity head) or 词典+模型.
ALTER TABLE analyses ADD COLUMN risk_source VARCHAR;

"""分析研判: an incident's timeline, propagation path, key nodes, word cloud, emotions and demands.

Every function takes data (the frame of ``queries/analysis_incident_posts.sql``) or a connection
and returns data or a chart, so a notebook can do what the page does.
"""

package generator

// scoreNames are the words for the scores 0–4 of a [Report], the same in
// every front end.
var scoreNames = [5]string{"very weak", "weak", "fair", "good", "strong"}

// ScoreName returns the word for a [Report.Score]: "very weak", "weak",
// "fair", "good" or "strong". Scores outside 0–4 are clamped.
func ScoreName(score int) string { return scoreNames[min(max(score, 0), 4)] }

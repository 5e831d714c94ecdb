"""What the demo world's people say in chats: hosts' questions, answers, replies, quotes."""

QUESTION_TEMPLATES = [
    "What does {topic} mean to you in your role?",
    "What gets in the way when it comes to {topic}?",
    "Can you share an example of {topic} done well?",
    "How can we involve {people} when it comes to {topic}?",
    "What one change would help with {topic} where you work?",
    "Which resources or training on {topic} have helped you most?",
    "How do we support students and new starters with {topic}?",
    "How has {topic} changed since you started?",
    "What advice would you give a colleague about {topic}?",
    "How do we look after ourselves and each other around {topic}?",
    "What does the evidence tell us about {topic}, and how do we use it?",
]
LAST_QUESTIONS = [
    "What is one thing you will take away from tonight?",
    "What will you do differently after tonight's chat?",
    "Who would you like to thank for their support with {topic}?",
]

OPENERS = [
    "", "", "", "I think", "For me,", "Honestly,", "In my experience", "On our ward", "In our team",
    "As a student,", "Great question!", "Ooh good one.", "Where I work", "Speaking as a newly qualified,",
    "Controversial maybe, but", "Hard one.", "Agree with others:", "Really important:",
    "From the community side,", "Reflecting on this,", "Having been there,",
]

ANSWER_PHRASES = [
    "it's about having time to really listen", "good handovers make all the difference",
    "protected learning time is what we need", "clinical supervision keeps me going",
    "support from the team is everything", "we need the right skill mix on every shift",
    "it starts with kindness to each other", "it means putting the person first, every time",
    "involving families early changes everything", "we underestimate how much a cuppa helps",
    "leadership has to be visible on the shop floor", "we learn best from each other",
    "good documentation protects everyone", "the evidence is there, we just need time to use it",
    "staffing is the biggest barrier", "students bring so much fresh energy",
    "simple checklists help on busy days", "it's the little things patients remember",
    "we need to speak up, even when it's hard", "a debrief after a tough shift helps so much",
    "continuity matters to people", "it comes down to trust",
    "we should ask people what matters to them", "training helps but culture matters more",
    "psychological safety lets teams learn", "reasonable adjustments should be routine",
    "our preceptorship programme made the difference", "peer support has been a lifeline",
    "we need more joined-up working with social care", "digital tools help when they actually work",
    "we have to make time for reflection", "role models shaped my practice",
    "it's about dignity and respect", "honest conversations early on", "being curious, not judgemental",
    "a buddy system for new starters", "knowing who to ask", "sharing good practice like tonight",
    "our practice educators are amazing", "not being afraid to say I don't know",
    "taking breaks is patient safety too", "listening to lived experience", "QI projects from the ground up",
    "it needs investment, not just goodwill", "celebrating small wins", "time, time and more time",
]

CLOSERS = ["", "", "", "", " 💙", " 👏", " 🙌", " 😊", " #TeamNHS", " #NursesVoice", " 💪", " 🤔", " ❤️"]

REPLY_PHRASES = [
    "Absolutely agree", "So true", "Love this", "This!", "Couldn't agree more", "Great point",
    "Yes! Same here", "Really interesting, thank you", "We do this too and it works",
    "Would love to hear more about this", "Such an important point", "Brilliant idea",
    "That's a great example", "Wish we had this where I work", "Thanks for sharing",
    "Hadn't thought of it like that", "Completely agree, well said", "Do you have a link?",
    "Spot on", "Nodding along here",
]

HOST_PHRASES = [
    "Great answer, thank you", "Such an important point", "Thanks for sharing this", "Love this example",
    "Really helpful, thank you", "Yes! This is what it's all about", "Brilliant, thank you for joining in",
]

HOST_WELCOMES = ["Welcome! Glad you could join us 👋", "Hello and welcome!", "Lovely to see you here tonight",
                 "Welcome back!"]

QUOTE_PHRASES = [
    "Absolutely this 👇", "Worth reading 👇", "This is so important", "Great answer from", "Yes yes yes",
    "Needs saying louder", "Powerful", "Brilliant point here", "One for the team meeting",
]

INTRO_TEMPLATES = [
    "Hi all, {role} from {place} joining tonight",
    "Evening everyone! {role} here, from {place}",
    "Hello from {place}! Lurking with a cuppa tonight",
    "Hi everyone, first chat for me. {role} in {place}",
    "Evening all 👋 {role}, {place}",
    "Just made it! {role} from {place} saying hello",
]

BETWEEN_TEMPLATES = [
    "Been thinking about {topic} since last week's chat. {phrase}",
    "Reading about {topic} this evening. {phrase}",
    "Shift done. Tired but proud of my team today.",
    "Anyone got good resources on {topic}? Asking for a student on placement.",
    "Lovely to meet so many of you at the conference today!",
    "Reminder to drink some water and take your break today 💧",
    "Our team won an award for our work on {topic}! So proud.",
    "{phrase}. That's my reflection for the week.",
    "New blog post on {topic}: what I learned this year.",
    "Thank you to everyone who shared ideas on {topic}. So much to take back to work.",
    "Looking forward to tonight's chat!",
    "Anyone else on nights this week? 🌙",
]
